import { errorChainMessage, toError } from '../../base/errors.js';
import { type CommandSpec, FlagError } from './command-spec.js';
import { flagDisplayName, type OptionSpec, type OptionSpecs, type ParseContext } from './option.js';
import { unknownCommand } from './unknown-command.js';

export type Values = Record<string, unknown>;

export type ParseOutcome<C extends CommandSpec = CommandSpec> =
  | { kind: 'help'; command: C | undefined; globals: Values }
  | { kind: 'version'; globals: Values }
  | {
      kind: 'command';
      command: C;
      globals: Values;
      options: Values;
      args: unknown[];
      extra: string[];
    };

interface Found {
  key: string;
  spec: OptionSpec<unknown>;
  values: Values;
}

/**
 * Parses argv the way go-flags does for bosh-cli: global options anywhere, the first non-option word picks the
 * command, the command's own options shadow global ones (`-v` is `--var` inside `interpolate`), values are
 * converted as they are met, `--` ends options.
 */
export async function parseArgs<C extends CommandSpec>(
  argv: readonly string[],
  globalSpecs: OptionSpecs,
  commands: readonly C[],
  ctx: ParseContext,
): Promise<ParseOutcome<C>> {
  const globals = await initialValues(globalSpecs, ctx);
  let command: C | undefined;
  let options: Values = {};
  const args: unknown[] = [];
  const extra: string[] = [];
  const queue = [...argv];
  let optionsEnded = false;
  const seen = new Set<OptionSpec<unknown>>();

  const lookup = (name: string, isShort: boolean): Found | undefined => {
    const scopes: [OptionSpecs, Values][] = command
      ? [
          [command.options, options],
          [globalSpecs, globals],
        ]
      : [[globalSpecs, globals]];
    for (const [specs, values] of scopes) {
      for (const [key, spec] of Object.entries(specs)) {
        if (isShort ? spec.short === name : spec.long === name) return { key, spec, values };
      }
    }
    return undefined;
  };

  while (queue.length > 0) {
    const arg = queue.shift() ?? '';
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
    } else if (!optionsEnded && arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (name === 'help') return { kind: 'help', command, globals };
      const found = lookup(name, false);
      if (!found) throw new FlagError(`unknown flag \`${name}'`);
      if (found.spec.action === 'version') return { kind: 'version', globals };
      await setOption(found, eq === -1 ? undefined : arg.slice(eq + 1), queue, ctx, seen);
    } else if (!optionsEnded && arg.startsWith('-') && arg.length > 1) {
      // go-flags splits `-r=5` at an `=` right after the first letter.
      const split = arg.charAt(2) === '=';
      const letters = split ? arg.charAt(1) : arg.slice(1);
      for (let i = 0; i < letters.length; i++) {
        const name = letters.charAt(i);
        if (name === 'h') return { kind: 'help', command, globals };
        const found = lookup(name, true);
        if (!found) throw new FlagError(`unknown flag \`${name}'`);
        if (found.spec.action === 'version') return { kind: 'version', globals };
        if (split) {
          await setOption(found, arg.slice(3), queue, ctx, seen);
        } else if (found.spec.takesValue) {
          const rest = letters.slice(i + 1);
          await setOption(found, rest === '' ? undefined : rest, queue, ctx, seen);
          break;
        } else {
          await setOption(found, undefined, queue, ctx, seen);
        }
      }
    } else if (!command) {
      command = commands.find((c) => c.name === arg || c.aliases.includes(arg));
      if (!command) throw new FlagError(unknownCommand(arg, commands));
      options = await initialValues(command.options, ctx);
    } else if (args.length < command.args.length) {
      args.push(command.parseArg ? await command.parseArg(args.length, arg, ctx) : arg);
    } else {
      extra.push(arg);
    }
  }
  if (!command) throw new FlagError(unknownCommand(undefined, commands));
  const unset = Object.values(command.options).filter((s) => s.required === true && !seen.has(s));
  if (unset.length > 0) {
    const names = unset.map((s) => `\`${flagDisplayName(s)}'`).sort();
    throw new FlagError(
      names.length === 1
        ? `the required flag ${names[0] ?? ''} was not specified`
        : `the required flags ${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''} were not specified`,
    );
  }
  const missing = command.args.slice(args.length).filter((a) => a.required);
  if (missing.length === 1)
    throw new FlagError(`the required argument \`${missing[0]?.name ?? ''}\` was not provided`);
  if (missing.length > 1) {
    const names = missing.map((a) => `\`${a.name}\``);
    throw new FlagError(
      `the required arguments ${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''} were not provided`,
    );
  }
  return { kind: 'command', command, globals, options, args, extra };
}

async function initialValues(specs: OptionSpecs, ctx: ParseContext): Promise<Values> {
  const values: Values = {};
  for (const [key, spec] of Object.entries(specs)) {
    values[key] = spec.initial();
    const fromEnv = spec.env !== undefined ? ctx.env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '') {
      if (!spec.takesValue && /^(false|0|f|F|FALSE|False)$/.test(fromEnv)) continue;
      values[key] = await convert(spec, values[key], fromEnv, ctx);
    }
  }
  return values;
}

async function setOption(
  found: Found,
  inline: string | undefined,
  queue: string[],
  ctx: ParseContext,
  seen: Set<OptionSpec<unknown>>,
): Promise<void> {
  const { spec, key, values } = found;
  const display = flagDisplayName(spec);
  seen.add(spec);
  if (!spec.takesValue) {
    if (inline !== undefined) throw new FlagError(`bool flag \`${display}' cannot have an argument`);
    values[key] = await convert(spec, values[key], 'true', ctx);
    return;
  }
  let raw = inline;
  if (raw === undefined && spec.optional !== undefined) {
    // An optional argument is never taken from the next word.
    const fallback = spec.optional.optionalValue;
    values[key] =
      fallback === undefined ? spec.initial() : await convert(spec, spec.initial(), fallback, ctx);
    return;
  }
  if (raw === undefined) {
    const next = queue.shift();
    if (next === undefined) throw new FlagError(`expected argument for flag \`${display}'`);
    if (next === '--')
      throw new FlagError(`expected argument for flag \`${display}', but got double dash \`--'`);
    if (argumentIsOption(next) && !(/^\*?(int|uint|float)/.test(spec.goType) && /^-[0-9]/.test(next))) {
      throw new FlagError(`expected argument for flag \`${display}', but got option \`${next}'`);
    }
    raw = next;
  }
  values[key] = await convert(spec, values[key], unquoteIfPossible(raw, display, spec.goType), ctx);
}

async function convert(
  spec: OptionSpec<unknown>,
  acc: unknown,
  raw: string,
  ctx: ParseContext,
): Promise<unknown> {
  try {
    return await spec.add(acc, raw, ctx);
  } catch (e) {
    const message = errorChainMessage(toError(e));
    throw new FlagError(
      `invalid argument for flag \`${flagDisplayName(spec)}' (expected ${spec.goType}): ${message}`,
    );
  }
}

/** go-flags unquotes a value that starts with `"` as a Go string literal. */
function unquoteIfPossible(raw: string, display: string, goType: string): string {
  if (!raw.startsWith('"')) return raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // reported below
  }
  throw new FlagError(`invalid argument for flag \`${display}' (expected ${goType}): invalid syntax`);
}

/** go-flags argumentIsOption: `-x...` or `--x...` (so `-----BEGIN CERTIFICATE-----` is a value). */
function argumentIsOption(arg: string): boolean {
  if (arg.length > 1 && arg[0] === '-' && arg[1] !== '-') return true;
  return arg.length > 2 && arg.startsWith('--') && arg[2] !== '-';
}
