import { isIP } from 'node:net';
import { checkDeploymentName, type InstanceTarget } from '../director-client/api-deployments.js';
import type { Director } from '../director-client/director.js';
import { openDirector, type SessionContext } from '../director-client/open.js';

/** bosh-cli session.Deployment(): the director, a non-empty `-d`, then `Using deployment '<name>'`. */
export async function openDeployment(ctx: SessionContext): Promise<{ director: Director; name: string }> {
  const director = await openDirector(ctx);
  const name = ctx.globals.deployment ?? '';
  checkDeploymentName(name);
  ctx.ui.printLine(`Using deployment '${name}'`);
  return { director, name };
}

/** `INSTANCE-GROUP[/INSTANCE-ID]` (or an IP, or nothing: every instance), as bosh-cli parses it. */
/** The optional instance argument as its parser left it; absent: the whole deployment. */
export function targetArg(args: readonly unknown[]): InstanceTarget & { ip?: string } {
  return (args[0] as (InstanceTarget & { ip?: string }) | undefined) ?? { group: '', indexOrId: '' };
}

export function parseAllOrGroupOrInstance(raw: string): InstanceTarget & { ip?: string } {
  if (raw === '') return { group: '', indexOrId: '' };
  if (isIP(raw) !== 0) return { group: '', indexOrId: '', ip: raw };
  return parseGroupOrInstance(raw);
}

/** bosh-cli NewInstanceGroupOrInstanceSlugFromString (`--skip-drain` values too). */
export function parseGroupOrInstance(raw: string): InstanceTarget {
  const pieces = raw.split('/');
  if (pieces.length !== 1 && pieces.length !== 2) {
    throw new Error(`Expected pool or instance '${raw}' to be in format 'name' or 'name/id-or-index'`);
  }
  const [group = '', indexOrId] = pieces;
  if (group === '') throw new Error(`Expected pool or instance '${raw}' to specify non-empty name`);
  if (indexOrId === '') throw new Error(`Expected instance '${raw}' to specify non-empty ID or index`);
  return { group, indexOrId: indexOrId ?? '' };
}

/** `INSTANCE-GROUP/INSTANCE-ID`, both required. */
export function parseInstance(raw: string): InstanceTarget {
  const pieces = raw.split('/');
  if (pieces.length !== 2) throw new Error(`Expected instance '${raw}' to be in format 'name/index-or-id'`);
  const [group = '', indexOrId = ''] = pieces;
  if (group === '') throw new Error(`Expected instance '${raw}' to specify non-empty name`);
  if (indexOrId === '') throw new Error(`Expected instance '${raw}' to specify non-empty index or ID`);
  return { group, indexOrId };
}

/** `--skip-drain[=ig[/id]]`: `*` (all) or an instance group or instance. */
export type SkipDrain = { all: true } | { all: false; target: InstanceTarget };

export function parseSkipDrain(raw: string): SkipDrain {
  if (raw === '*' || raw === '') return { all: true };
  return { all: false, target: parseGroupOrInstance(raw) };
}

/** The `skip_drain` query value: `*` when any is all, else the slugs joined by commas. */
export function skipDrainQuery(skips: readonly SkipDrain[]): string {
  const slugs: string[] = [];
  for (const s of skips) {
    if (s.all) return '*';
    slugs.push(s.target.indexOrId !== '' ? `${s.target.group}/${s.target.indexOrId}` : s.target.group);
  }
  return slugs.join(',');
}
