import type { CommandSpec } from './command-spec.js';
import type { Values } from './parse-args.js';

/**
 * bosh-cli's CommandHandler hands the words left after the arguments to `ssh` as its command when `-c` was not
 * given; the extra words of any other command stay extra (and are refused).
 */
export function adoptExtraArgs(command: CommandSpec, options: Values, extra: string[]): void {
  const key = command.extraArgsOption;
  if (key === undefined || extra.length === 0) return;
  const current = options[key];
  if (Array.isArray(current) && current.length === 0) options[key] = extra.splice(0);
}
