import type { DiffLine } from '../director-client/api-config-diff.js';
import type { Ui } from '../ui/ui.js';

/** bosh-cli's Diff.Print: `+ ` added, `- ` removed, two spaces otherwise, as begin lines (hidden when piped). */
export function printDiff(ui: Ui, diff: readonly DiffLine[]): void {
  for (const [text, mod] of diff) {
    const mark = mod === 'added' ? '+' : mod === 'removed' ? '-' : ' ';
    ui.beginLine(`${mark} ${text}\n`);
  }
}
