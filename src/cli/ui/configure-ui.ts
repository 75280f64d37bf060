import type { GlobalOptions } from '../global-options.js';
import { ColumnUi } from './column-ui.js';
import { JsonUi } from './json-ui.js';
import { NonInteractiveUi } from './non-interactive-ui.js';
import { NonTtyUi } from './non-tty-ui.js';
import type { Ui } from './ui.js';

/** bosh-cli's configureUI: piped output unless `--tty`, then `--json`, then `-n`, with `--column` applied to tables first. */
export function configureUi(base: Ui, globals: GlobalOptions, stdoutIsTty: boolean): Ui {
  let ui = base;
  if (!stdoutIsTty && !globals.tty) ui = new NonTtyUi(ui);
  if (globals.json) ui = new JsonUi(ui);
  if (globals.nonInteractive) ui = new NonInteractiveUi(ui);
  if (globals.column.length > 0) ui = new ColumnUi(ui, globals.column);
  return ui;
}
