import { addBlobCommand } from './add-blob.js';
import { deployCommand } from './deploy.js';
import { manifestCommand } from './manifest.js';
import { instancesCommand } from './instances.js';
import { vmsCommand } from './vms.js';
import { deleteDeploymentCommand } from './delete-deployment.js';
import { startCommand } from './start.js';
import { stopCommand } from './stop.js';
import { restartCommand } from './restart.js';
import { recreateCommand } from './recreate.js';
import { ignoreCommand } from './ignore.js';
import { unignoreCommand } from './unignore.js';
import { variablesCommand } from './variables.js';
import { disksCommand } from './disks.js';
import { orphanedVmsCommand } from './orphaned-vms.js';
import { errandsCommand } from './errands.js';
import { runErrandCommand } from './run-errand.js';
import { aliasEnvCommand } from './alias-env.js';
import { blobsCommand } from './blobs.js';
import { cancelTaskCommand } from './cancel-task.js';
import { cancelTasksCommand } from './cancel-tasks.js';
import { cleanUpCommand } from './clean-up.js';
import { cloudConfigCommand } from './cloud-config.js';
import type { Command } from './command.js';
import { configCommand } from './config.js';
import { configsCommand } from './configs.js';
import { cpiConfigCommand } from './cpi-config.js';
import { createReleaseCommand } from './create-release.js';
import { deleteConfigCommand } from './delete-config.js';
import { deleteReleaseCommand } from './delete-release.js';
import { deleteStemcellCommand } from './delete-stemcell.js';
import { deploymentsCommand } from './deployments.js';
import { environmentCommand } from './environment.js';
import { environmentsCommand } from './environments.js';
import { eventsCommand } from './events.js';
import { finalizeReleaseCommand } from './finalize-release.js';
import { generateJobCommand } from './generate-job.js';
import { generatePackageCommand } from './generate-package.js';
import { helpCommand } from './help.js';
import { initReleaseCommand } from './init-release.js';
import { inspectLocalReleaseCommand } from './inspect-local-release.js';
import { inspectReleaseCommand } from './inspect-release.js';
import { interpolateCommand } from './interpolate.js';
import { locksCommand } from './locks.js';
import { logInCommand } from './log-in.js';
import { logOutCommand } from './log-out.js';
import { logsCommand } from './logs.js';
import { sshCommand } from './ssh.js';
import { releasesCommand } from './releases.js';
import { removeBlobCommand } from './remove-blob.js';
import { resetReleaseCommand } from './reset-release.js';
import { runtimeConfigCommand } from './runtime-config.js';
import { stemcellsCommand } from './stemcells.js';
import { syncBlobsCommand } from './sync-blobs.js';
import { taskCommand } from './task.js';
import { tasksCommand } from './tasks.js';
import { unaliasEnvCommand } from './unalias-env.js';
import { updateCloudConfigCommand } from './update-cloud-config.js';
import { updateConfigCommand } from './update-config.js';
import { updateCpiConfigCommand } from './update-cpi-config.js';
import { updateRuntimeConfigCommand } from './update-runtime-config.js';
import { uploadBlobsCommand } from './upload-blobs.js';
import { uploadReleaseCommand } from './upload-release.js';
import { uploadStemcellCommand } from './upload-stemcell.js';
import { vendorPackageCommand } from './vendor-package.js';

/** Every command the CLI knows; one file per command, looked up by name or alias. */
export const commands: readonly Command[] = [
  addBlobCommand,
  aliasEnvCommand,
  blobsCommand,
  cancelTaskCommand,
  cancelTasksCommand,
  cleanUpCommand,
  cloudConfigCommand,
  configCommand,
  configsCommand,
  cpiConfigCommand,
  createReleaseCommand,
  deleteConfigCommand,
  deleteReleaseCommand,
  deleteStemcellCommand,
  deploymentsCommand,
  environmentCommand,
  environmentsCommand,
  eventsCommand,
  finalizeReleaseCommand,
  generateJobCommand,
  generatePackageCommand,
  helpCommand,
  initReleaseCommand,
  inspectLocalReleaseCommand,
  inspectReleaseCommand,
  interpolateCommand,
  locksCommand,
  logInCommand,
  logOutCommand,
  logsCommand,
  sshCommand,
  releasesCommand,
  removeBlobCommand,
  resetReleaseCommand,
  runtimeConfigCommand,
  stemcellsCommand,
  syncBlobsCommand,
  taskCommand,
  tasksCommand,
  unaliasEnvCommand,
  updateCloudConfigCommand,
  updateConfigCommand,
  updateCpiConfigCommand,
  updateRuntimeConfigCommand,
  uploadBlobsCommand,
  uploadReleaseCommand,
  uploadStemcellCommand,
  vendorPackageCommand,
  deployCommand,
  manifestCommand,
  instancesCommand,
  vmsCommand,
  deleteDeploymentCommand,
  startCommand,
  stopCommand,
  restartCommand,
  recreateCommand,
  ignoreCommand,
  unignoreCommand,
  variablesCommand,
  disksCommand,
  orphanedVmsCommand,
  errandsCommand,
  runErrandCommand,
];
