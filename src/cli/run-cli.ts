import { renderMultilineError, toError } from '../base/errors.js';
import type { CliDeps, Command } from './commands/command.js';
import { FlagError } from './flags/command-spec.js';
import { renderHelp } from './flags/help.js';
import type { ParseContext } from './flags/option.js';
import { parseArgs } from './flags/parse-args.js';
import { type GlobalOptions, globalOptions } from './global-options.js';
import { configureUi } from './ui/configure-ui.js';
import type { Ui } from './ui/ui.js';
import { VERSION_LABEL } from './version.js';

export interface CliRuntime {
  readonly deps: CliDeps;
  readonly parseContext: ParseContext;
  readonly stdoutIsTty: boolean;
  /** The UI before configuration: writer plus padding. */
  readonly baseUi: Ui;
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
    ui.errorLine(renderMultilineError(toError(e)));
    ui.errorLine('Exit code 1');
    ui.flush();
    return 1;
  }
}
