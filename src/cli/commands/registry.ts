import { addBlobCommand } from './add-blob.js';
import { blobsCommand } from './blobs.js';
import type { Command } from './command.js';
import { createReleaseCommand } from './create-release.js';
import { finalizeReleaseCommand } from './finalize-release.js';
import { generateJobCommand } from './generate-job.js';
import { generatePackageCommand } from './generate-package.js';
import { helpCommand } from './help.js';
import { initReleaseCommand } from './init-release.js';
import { inspectLocalReleaseCommand } from './inspect-local-release.js';
import { interpolateCommand } from './interpolate.js';
import { removeBlobCommand } from './remove-blob.js';
import { resetReleaseCommand } from './reset-release.js';
import { syncBlobsCommand } from './sync-blobs.js';
import { uploadBlobsCommand } from './upload-blobs.js';
import { vendorPackageCommand } from './vendor-package.js';

/** Every command the CLI knows; one file per command, looked up by name or alias. */
export const commands: readonly Command[] = [
  addBlobCommand,
  blobsCommand,
  createReleaseCommand,
  finalizeReleaseCommand,
  generateJobCommand,
  generatePackageCommand,
  helpCommand,
  initReleaseCommand,
  inspectLocalReleaseCommand,
  interpolateCommand,
  removeBlobCommand,
  resetReleaseCommand,
  syncBlobsCommand,
  uploadBlobsCommand,
  vendorPackageCommand,
];
