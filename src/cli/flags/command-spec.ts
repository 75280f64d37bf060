import type { ArgSpec, OptionSpecs, ParseContext } from './option.js';

/** What the parser needs to know about a command; the registry's commands extend it with `run`. */
export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** The Go opts struct name, for `Command '*opts.XOpts' does not support extra arguments`. */
  readonly goOptsType: string;
  readonly options: OptionSpecs;
  readonly args: readonly ArgSpec[];
  /** The list option that takes the extra words when it is empty (`ssh`'s `--command`). */
  readonly extraArgsOption?: string;
  /** Converts positional argument `index` when it is parsed (e.g. reads the manifest file). */
  parseArg?(index: number, raw: string, ctx: ParseContext): Promise<unknown>;
}

/** A go-flags parse error: printed as it is, exit code 1. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}
