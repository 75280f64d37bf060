import type { CommandContext } from '../commands/command.js';
import type { OptionSpecs } from '../flags/option.js';

/** The parts of a command's context a director session needs. */
export type SessionContext = Pick<CommandContext<OptionSpecs>, 'globals' | 'ui' | 'deps'>;
import { BoshConfig } from './bosh-config.js';
import { DEFAULT_TIMING, type Director } from './director.js';
import { Session } from './session.js';

/** `~/.bosh/config`, or `--config`/BOSH_CONFIG. */
export function loadConfig(ctx: SessionContext): Promise<BoshConfig> {
  return BoshConfig.load(ctx.globals.config ?? '~/.bosh/config', ctx.deps.fs);
}

/** The session of a command (bosh-cli NewSessionFromOpts) over the given config. */
export function sessionOf(ctx: SessionContext, config: BoshConfig, printEnvironment = true): Session {
  return new Session({
    globals: ctx.globals,
    config,
    ui: ctx.ui,
    printEnvironment,
    timing: ctx.deps.directorTiming ?? DEFAULT_TIMING,
  });
}

/** bosh-cli Cmd.director(): the authenticated director, after `Using environment '...' as ...`. */
export async function openDirector(ctx: SessionContext): Promise<Director> {
  return sessionOf(ctx, await loadConfig(ctx)).director();
}
