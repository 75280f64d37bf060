export { errandNames, type ErrandSource } from './names.js';
export { matchInstances, type ErrandInstance, type InstanceFilter } from './match.js';
export {
  AMBIGUOUS_WARNING,
  PARALLEL_WARNING,
  refuseStopped,
  selectErrand,
  type ErrandGroup,
  type ErrandSelection,
  type ErrandStep,
} from './select.js';
export { errandSummary, type ErrandOutcome } from './summary.js';
