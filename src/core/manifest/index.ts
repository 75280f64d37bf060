export { parseCloudConfig, collectCloudConfig } from './cloud-config.js';
export { parseDeploymentManifest } from './deployment-manifest.js';
export { parseRuntimeConfig } from './runtime-config.js';
export { ManifestError, Problems, type Problem } from './problems.js';
export type * from './types.js';
