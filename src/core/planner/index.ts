export { planDeployment, groupUpdateSettings, IGNORED_WARNING } from './plan-deployment.js';
export { formatPlan } from './format.js';
export {
  placeInstances,
  lowestFreeIndex,
  electBootstrap,
  type Placement,
  type Placeable,
} from './placement.js';
export { propertiesDigest, canonical } from './desired.js';
export { sortInstancePlans } from './order.js';
export { instanceName } from './plan-group.js';
export type * from './types.js';
