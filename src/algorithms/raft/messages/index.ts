import type { MessageTables } from '../../../sim/i18n';
import { en } from './en';
import { zhCn } from './zh-cn';

/** Raft's words in every language it has; a key missing in one is taken from English. */
export const RAFT_MESSAGES: MessageTables = { en, 'zh-cn': zhCn as Readonly<Record<string, string>> };
