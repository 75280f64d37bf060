export { ValueCipher, loadValueCipher, ENCRYPTION_KEY_ATTRIBUTE } from './cipher.js';
export { DirectorConfigServer } from './config-server.js';
export {
  generateDeploymentValues,
  listDeploymentVariables,
  variableSpecsOf,
  type DeploymentRef,
} from './deployment-variables.js';
export { DEFAULT_PASSWORD_LENGTH } from './generate-value.js';
export { interpolateForDeployment, NOT_FOUND_ERROR } from './interpolate-deployment.js';
export { KEY_FILE_NAME, openConfigServer } from './key-file.js';
export { ConfigServerError } from './names.js';
