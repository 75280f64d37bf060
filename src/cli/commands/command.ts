import type { CredentialGenerator } from '../../ports/credential-generator.js';
import type { DirectorTiming } from '../director-client/director.js';
import type { ReleaseTools } from '../release/release-tools.js';
import type { FileSystem } from '../../ports/file-system.js';
import type { CommandSpec } from '../flags/command-spec.js';
import type { OptionSpecs, ParsedOptions } from '../flags/option.js';
import type { GlobalOptions } from '../global-options.js';
import type { Ui } from '../ui/ui.js';

/** The adapters a command may use; main.ts builds them. */
export interface CliDeps {
  readonly fs: FileSystem;
  readonly credentials: CredentialGenerator;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory, absolute. */
  readonly cwd: string;
  /** The adapters of release commands, loaded on first use. */
  releaseTools(): Promise<ReleaseTools>;
  /** Task polling and retry delays of director requests (bosh-cli's 0.5 s when not given). */
  readonly directorTiming?: DirectorTiming;
}

export interface CommandContext<S extends OptionSpecs> {
  readonly ui: Ui;
  readonly globals: GlobalOptions;
  readonly options: ParsedOptions<S>;
  readonly args: readonly unknown[];
  readonly deps: CliDeps;
}

/** One CLI command: its flags and arguments (as go-flags would declare them) and what it does. */
export interface Command<S extends OptionSpecs = OptionSpecs> extends CommandSpec {
  readonly options: S;
  run(ctx: CommandContext<S>): Promise<void>;
}

/** Keeps the option types of a command literal while checking it against the interface. */
export function defineCommand<S extends OptionSpecs>(command: Command<S>): Command {
  return command;
}
