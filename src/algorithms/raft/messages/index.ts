import type { Messages } from '../../../sim/i18n';
import { en } from './en';

/** Raft's words: English here, Chinese loaded by a page or command line that asks for it. */
export const RAFT_MESSAGES: Messages = { en, load: { 'zh-cn': () => import('./zh-cn') } };
