import type { FileSystem } from '../../ports/file-system.js';

/**
 * Declarative options in the manner of go-flags struct tags. Values are converted when they are parsed, in
 * command-line order, as go-flags calls UnmarshalFlag: so a bad `-o` file fails before the manifest is read, and
 * the first bad flag on the line is the one reported.
 */
export interface ParseContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fs: FileSystem;
  readStdin(): Promise<Uint8Array>;
}

export interface OptionSpec<R> {
  readonly long: string;
  readonly short?: string;
  readonly valueName?: string;
  readonly description: string;
  readonly env?: string;
  readonly defaultText?: string;
  readonly takesValue: boolean;
  /** The Go type go-flags names in `invalid argument for flag ... (expected <goType>)`. */
  readonly goType: string;
  readonly hidden?: boolean;
  /** A go-flags func option: parsing it ends parsing with this outcome (bosh-cli's `-v/--version`). */
  readonly action?: 'version';
  /**
   * go-flags `optional:"true"`: the value must be attached (`--recent=5`, `-r5`); alone, the option takes
   * `optionalValue` (`optional-value`), or without one is reset to its initial value.
   */
  readonly optional?: { readonly optionalValue?: string };
  /** go-flags `required:"true"`: `the required flag `--type' was not specified`. */
  readonly required?: boolean;
  initial(): R;
  add(acc: R, raw: string, ctx: ParseContext): Promise<R> | R;
}

type Common = Omit<OptionSpec<unknown>, 'takesValue' | 'initial' | 'add' | 'goType'>;

/** A boolean switch (`--json`). */
export function flag(o: Common): OptionSpec<boolean> {
  return { ...o, takesValue: false, goType: 'bool', initial: () => false, add: () => true };
}

/** A single value; the last occurrence wins. */
export function value<T>(
  o: Common & { goType?: string },
  parse: (raw: string, ctx: ParseContext) => Promise<T> | T,
): OptionSpec<T | undefined> {
  return {
    goType: 'string',
    ...o,
    takesValue: true,
    initial: () => undefined,
    add: (_acc, raw, ctx) => parse(raw, ctx),
  };
}

/** A repeatable value (`-o a.yml -o b.yml`), kept in order. */
export function list<T>(
  o: Common & { goType: string },
  parse: (raw: string, ctx: ParseContext) => Promise<T> | T,
): OptionSpec<T[]> {
  return {
    ...o,
    takesValue: true,
    initial: () => [],
    add: async (acc, raw, ctx) => [...acc, await parse(raw, ctx)],
  };
}

export const text = (raw: string): string => raw;

/** How go-flags names a flag in messages: `-o, --ops-file` or `--path`. */
export function flagDisplayName(spec: Pick<OptionSpec<unknown>, 'long' | 'short'>): string {
  return spec.short !== undefined ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec<unknown>>>;

export type ParsedOptions<S extends OptionSpecs> = { -readonly [K in keyof S]: ReturnType<S[K]['initial']> };

/** A positional argument (`PATH`). Its conversion errors are reported as they are, without the flag prefix. */
export interface ArgSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}
