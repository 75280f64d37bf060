import { wrapError } from '../../base/errors.js';
import { field, isObject, mismatch, root, str, type AgentValue, type At } from '../../protocol/agent.js';
import { decodeArg, methodArgs, syncAction, type AgentAction } from '../dispatch/action.js';
import type { SshAccess } from '../ports.js';
import type { SettingsService } from '../settings/settings-service.js';
import { defaultIp } from '../settings/settings.js';
import { compileGoRegexp } from '../ssh/go-regexp.js';

interface SshContext {
  readonly settings: Pick<SettingsService, 'settings'>;
  readonly ssh: SshAccess;
}

interface SshParams {
  readonly userRegex: string;
  readonly user: string;
  readonly publicKey: string;
}

/** The fields of action.SSHParams: JSON key → Go field name as the decoding errors print it (`User` has no tag). */
const SSH_PARAMS_FIELDS = { user_regex: 'user_regex', user: 'User', public_key: 'public_key' } as const;

/**
 * `action.SSHParams` as encoding/json fills it: keys match fields case-insensitively (an exact match first), the
 * last matching key wins, and a value of the wrong type fails with Go's text.
 */
function sshParamsArg(v: unknown): SshParams {
  const at = root('action.SSHParams');
  if (v === null || v === undefined) return { userRegex: '', user: '', publicKey: '' };
  if (!isObject(v)) throw mismatch(v, at, 'action.SSHParams');
  const values: Record<keyof typeof SSH_PARAMS_FIELDS, string> = { user_regex: '', user: '', public_key: '' };
  for (const [key, value] of Object.entries(v)) {
    const name = (Object.keys(SSH_PARAMS_FIELDS) as (keyof typeof SSH_PARAMS_FIELDS)[]).find(
      (f) => f === key || f.toLowerCase() === key.toLowerCase(),
    );
    if (name === undefined) continue;
    const fieldAt: At = field(at, 'SSHParams', SSH_PARAMS_FIELDS[name]);
    if (value !== null) values[name] = str(value, fieldAt);
  }
  return { userRegex: values.user_regex, user: values.user, publicKey: values.public_key };
}

/**
 * `ssh [command, {user, public_key} | {user_regex}]` (synchronous), bosh-agent's SSHAction:
 * - `setup` creates the user with its home under `<base>/bosh_ssh` and `.ssh/authorized_keys` holding the key →
 *   `{command: "setup", status: "success", ip: <default network IP>, host_public_key}`;
 * - `cleanup` deletes the `bosh_…` users the regex matches → `{command: "cleanup", status: "success"}`.
 */
export const ssh = (ctx: SshContext): AgentAction =>
  syncAction(async (args): Promise<AgentValue> => {
    const [commandArg, paramsArg] = methodArgs(args, 2);
    const command = decodeArg(commandArg, (v) => str(v, root('string')));
    const params = decodeArg(paramsArg, sshParamsArg);
    switch (command) {
      case 'setup':
        return setup(ctx, params);
      case 'cleanup':
        return cleanup(ctx.ssh, params);
    }
    throw new Error('Unknown command for SSH method');
  });

async function setup(ctx: SshContext, params: SshParams): Promise<AgentValue> {
  // As bosh-agent: the host key first, so that SSH that cannot be served creates no user.
  const hostPublicKey = await ctx.ssh.hostPublicKey().catch((e: unknown) => {
    throw wrapError(e, 'Getting host public key');
  });
  await ctx.ssh.createUser(params.user).catch((e: unknown) => {
    throw wrapError(e, 'Creating user');
  });
  await ctx.ssh.setupSsh(params.user, [params.publicKey]).catch((e: unknown) => {
    throw wrapError(e, 'Setting ssh public key');
  });
  const ip = defaultIp(ctx.settings.settings.networks);
  if (ip === undefined) throw new Error('No default ip could be found');
  return { command: 'setup', status: 'success', ip, host_public_key: hostPublicKey };
}

async function cleanup(access: SshAccess, params: SshParams): Promise<AgentValue> {
  try {
    let pattern: RegExp;
    try {
      pattern = compileGoRegexp(params.userRegex);
    } catch (e) {
      throw wrapError(e, 'Compiling regexp');
    }
    await access.deleteEphemeralUsersMatching((user) => pattern.test(user));
  } catch (e) {
    throw wrapError(e, 'SSH Cleanup: Deleting Ephemeral Users');
  }
  return { command: 'cleanup', status: 'success' };
}
