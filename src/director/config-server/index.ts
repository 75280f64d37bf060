export { ValueCipher, loadValueCipher, ENCRYPTION_KEY_ATTRIBUTE, type CipherKeySource } from './cipher.js';
export {
  DirectorConfigServer,
  type DirectorConfigServerDeps,
  type GeneratedValue,
  type GenerationMode,
  type StoredValue,
} from './config-server.js';
export {
  generateDeploymentValues,
  listDeploymentVariables,
  type DeploymentRef,
  type DeploymentVariablesDeps,
  type GenerateOptions,
  type VariableSpec,
} from './deployment-variables.js';
export { DEFAULT_PASSWORD_LENGTH, generateValue } from './generate-value.js';
export {
  interpolateForDeployment,
  NOT_FOUND_ERROR,
  type InterpolateDeps,
  type InterpolateOptions,
} from './interpolate-deployment.js';
export { ensureKeyFile, KEY_FILE_NAME, openConfigServer } from './key-file.js';
export { ConfigServerError, absoluteName } from './names.js';
export { variableSpecs } from './variable-specs.js';
