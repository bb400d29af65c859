/** The kernel's public surface, for algorithms, the player, scripts and workers. */
export * from './types';
export type {
  Effect,
  Finding,
  InvariantChecker,
  KernelEvent,
  NarrationInput,
  NetworkDefaults,
  NodeStatus,
  SimMessage,
  SimulationSpec,
} from './spec';
export { SimulationRun, namesIn, type RunOptions } from './run';
export {
  LIMITS,
  SCENARIO_VERSION,
  decodeScenario,
  encodeScenario,
  scenarioFromJson,
  scenarioToJson,
  validateAction,
  validateScenario,
} from './scenario';
export { canonicalJson, traceDigest } from './digest';
export { SHIVIZ_REGEX, toShiViz } from './shiviz';
export { Random, type RandomState } from './random';
export { formatDuration, formatTime, listNames } from './format';
