import type { Ui } from '../ui/ui.js';
import { siBytes } from './byte-size.js';

/**
 * Progress lines of blob downloads and uploads (bosh-cli ui.BlobsReporter). Started/finished lines are "begin"
 * lines carrying their own newline, so they only show on a terminal; failures are error lines, always shown.
 * Sizes are SI (`1.0 kB`), and the digest is labelled `sha1` whatever its algorithm.
 */
export class BlobsReporter {
  constructor(private readonly ui: Ui) {}

  downloadStarted(path: string, size: number, blobId: string, digest: string): void {
    this.ui.beginLine(`Blob download '${path}' (${siBytes(size)}) (id: ${blobId} sha1: ${digest}) started\n`);
  }

  downloadFinished(path: string, blobId: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`Blob download '${path}' (id: ${blobId}) failed`);
    else this.ui.beginLine(`Blob download '${path}' (id: ${blobId}) finished\n`);
  }

  uploadStarted(path: string, size: number, digest: string): void {
    this.ui.beginLine(`Blob upload '${path}' (${siBytes(size)}) (sha1: ${digest}) started\n`);
  }

  uploadFinished(path: string, blobId: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`Blob upload '${path}' failed`);
    else this.ui.beginLine(`Blob upload '${path}' (id: ${blobId}) finished\n`);
  }
}
