import { changeJobState, nonConvergingAction } from '../director-client/api-deployments.js';
import { flag, text, value } from '../flags/option.js';
import type { CommandContext } from './command.js';
import type { OptionSpecs } from '../flags/option.js';
import { openDeployment, parseAllOrGroupOrInstance, targetArg } from './deployment-arg.js';

/** `--fix` and `--dry-run`, as deploy and recreate share them. */
export const fixOption = {
  fix: flag({
    long: 'fix',
    description: 'Recreate an instance with an unresponsive agent instead of erroring',
  }),
};
export const dryRunOption = {
  dryRun: flag({ long: 'dry-run', description: 'Renders job templates without altering deployment' }),
};

/** The options start, stop, restart and recreate share (deploy has canaries and max-in-flight too). */
export const convergeOptions = {
  canaries: value({ long: 'canaries', description: 'Override manifest values for canaries' }, text),
  maxInFlight: value(
    { long: 'max-in-flight', description: 'Override manifest values for max_in_flight' },
    text,
  ),
  converge: flag({
    long: 'converge',
    description: 'Converge the deployment state before running action (default)',
  }),
  noConverge: flag({ long: 'no-converge', description: 'Act only on specified instance' }),
};

export const skipDrainOption = {
  skipDrain: flag({ long: 'skip-drain', description: 'Skip running drain and pre-stop scripts' }),
};

/** The optional `INSTANCE-GROUP[/INSTANCE-ID]` argument, parsed. */
export const instanceArg = {
  args: [{ name: 'INSTANCE-GROUP[/INSTANCE-ID]', description: '', required: false }],
  parseArg: (_i: number, raw: string): Promise<unknown> => Promise.resolve(parseAllOrGroupOrInstance(raw)),
};

export interface StateChange {
  /** `start`, `stop`, `restart`, `recreate` (the non-converging action and the error text). */
  readonly action: string;
  /** The converging `state=` value. */
  readonly state: string;
  /** Options a command does not have are false. */
  readonly skipDrain?: boolean;
  readonly hard?: boolean;
  readonly fix?: boolean;
  readonly dryRun?: boolean;
  readonly canaries: string | undefined;
  readonly maxInFlight: string | undefined;
  readonly converge: boolean;
  readonly noConverge: boolean;
}

/**
 * Asks, checks the converge options, then either PUTs the job state (converging, the default) or POSTs the
 * single-instance action (`--no-converge`).
 */
export async function runStateChange(ctx: CommandContext<OptionSpecs>, change: StateChange): Promise<void> {
  const c = { skipDrain: false, hard: false, fix: false, dryRun: false, ...change };
  const { director, name } = await openDeployment(ctx);
  await ctx.ui.askForConfirmation();
  const target = targetArg(ctx.args);
  if (!c.noConverge) {
    await changeJobState(director, c.state, name, target, {
      skipDrain: c.skipDrain,
      fix: c.fix,
      dryRun: c.dryRun,
      canaries: c.canaries ?? '',
      maxInFlight: c.maxInFlight ?? '',
    });
    return;
  }
  if (c.converge) throw new Error("Can't set converge and no-converge");
  if ((c.canaries ?? '') !== '') throw new Error("Can't set canaries and no-converge");
  if ((c.maxInFlight ?? '') !== '') throw new Error("Can't set max-in-flight and no-converge");
  if (c.dryRun) throw new Error("Can't set dry-run and no-converge");
  if (target.group === '' || target.indexOrId === '') {
    throw new Error(
      `You are trying to run ${c.action} with --no-converge on an entire instance group. This operation is not allowed. Trying using the --converge flag or running it against a specific instance.`,
    );
  }
  await nonConvergingAction(director, c.action, name, target, {
    skipDrain: c.skipDrain,
    hard: c.hard,
    ignoreUnresponsiveAgent: c.fix,
  });
}
