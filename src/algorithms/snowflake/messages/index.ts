import type { Messages } from '../../../sim/i18n';

/**
 * This algorithm's words beyond its English fields: no narration table yet (it narrates in
 * English in every language), Chinese names for its invariants, scenarios and nodes.
 */
export const SNOWFLAKE_MESSAGES: Messages = { en: {}, load: { 'zh-cn': () => import('./zh-cn') } };
