import { renderMultilineError, toError } from '../base/errors.js';
import type { CliDeps, Command } from './commands/command.js';
import { FlagError } from './flags/command-spec.js';
import { adoptExtraArgs } from './flags/extra-args.js';
import { renderHelp } from './flags/help.js';
import type { ParseContext } from './flags/option.js';
import { parseArgs } from './flags/parse-args.js';
import { type GlobalOptions, globalOptions } from './global-options.js';
import { configureUi } from './ui/configure-ui.js';
import { CliPanic, type Ui } from './ui/ui.js';
import { VERSION_LABEL } from './version.js';

export interface CliRuntime {
  readonly deps: CliDeps;
  readonly parseContext: ParseContext;
  readonly stdoutIsTty: boolean;
  /** The UI before configuration: writer plus padding. */
  readonly baseUi: Ui;
  /** Raw stderr, for what bosh-cli writes there past its UI (a recovered panic). */
  readonly stderr?: (text: string) => void;
}

/** Runs one CLI invocation and returns its exit code: parse, configure the UI, run, then `Succeeded` or the error. */
export async function runCli(
  argv: readonly string[],
  commands: readonly Command[],
  rt: CliRuntime,
): Promise<number> {
  let ui = rt.baseUi;
  try {
    const parsed = await parseArgs(argv, globalOptions, commands, rt.parseContext);
    if (parsed.kind === 'command') adoptExtraArgs(parsed.command, parsed.options, parsed.extra);
    // go-flags rejects extra arguments while parsing, so the error is printed before the UI is configured.
    if (parsed.kind === 'command' && parsed.extra.length > 0) {
      throw new FlagError(
        `Command '*opts.${parsed.command.goOptsType}' does not support extra arguments: ${parsed.extra.join(', ')}`,
      );
    }
    const globals = parsed.globals as GlobalOptions;
    ui = configureUi(ui, globals, rt.stdoutIsTty);
    if (parsed.kind === 'help') {
      ui.printBlock(renderHelp(globalOptions, commands, parsed.command));
    } else if (parsed.kind === 'version') {
      ui.printBlock(`version ${VERSION_LABEL}\n`);
    } else {
      await parsed.command.run({ ui, globals, options: parsed.options, args: parsed.args, deps: rt.deps });
    }
    ui.printLine('Succeeded');
    ui.flush();
    return 0;
  } catch (e) {
    if (e instanceof CliPanic) return panicked(e, ui, rt);
    ui.errorLine(renderMultilineError(toError(e)));
    ui.errorLine('Exit code 1');
    ui.flush();
    return 1;
  }
}

/** bosh-cli's handlePanic: the UI is flushed, the panic logged with the log package's prefixes, then `Exit code 1`. */
function panicked(e: CliPanic, ui: Ui, rt: CliRuntime): number {
  ui.flush();
  const d = new Date();
  const two = (n: number): string => n.toString().padStart(2, '0');
  const stamp = `${d.getFullYear().toString()}/${two(d.getMonth() + 1)}/${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const write =
    rt.stderr ??
    ((text: string) => {
      rt.baseUi.errorLine(text.replace(/\n$/, ''));
    });
  write(`[CLI] ${stamp} ${stamp} ERROR - Panic: ${e.message}\n`);
  write('Exit code 1\n');
  return 1;
}
