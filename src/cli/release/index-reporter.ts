import type { Ui } from '../ui/ui.js';

/**
 * Progress lines of release building (bosh-cli IndexReporter / ReleaseIndexReporter). They are "begin" lines with
 * their own newline, so they vanish when piped, except failures, which are error lines and always shown.
 */
export class IndexReporter {
  constructor(private readonly ui: Ui) {}

  startedAdding(type: string, desc: string): void {
    this.ui.beginLine(`Adding ${type} '${desc}'...\n`);
  }
  finishedAdding(type: string, desc: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`Failed adding ${type} '${desc}'\n`);
    else this.ui.beginLine(`Added ${type} '${desc}'\n`);
  }
  downloadStarted(type: string, desc: string): void {
    this.ui.beginLine(`-- Started downloading '${type}' (${desc})\n`);
  }
  downloadFinished(type: string, desc: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`-- Failed downloading '${type}' (${desc})\n`);
    else this.ui.beginLine(`-- Finished downloading '${type}' (${desc})\n`);
  }
  uploadStarted(type: string, desc: string): void {
    this.ui.beginLine(`-- Started uploading '${type}' (${desc})\n`);
  }
  uploadFinished(type: string, desc: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`-- Failed uploading '${type}' (${desc})\n`);
    else this.ui.beginLine(`-- Finished uploading '${type}' (${desc})\n`);
  }
  releaseAdded(kind: 'dev' | 'final', desc: string, failed: boolean): void {
    if (failed) this.ui.errorLine(`Failed adding ${kind} release '${desc}'`);
    else this.ui.printLine(`Added ${kind} release '${desc}'`);
  }
}
