/**
 * BOSH's `ExternalCpi#redact_arguments`: what the task's CPI log shows of a request. create_vm's env (its
 * `((variables))` resolved, e.g. `bosh.password`) keeps only `bosh.group`, `bosh.groups` and `bosh.tags`; the
 * values of create_vm's and its networks' cloud properties and of create_disk's are hidden. The CPI itself gets
 * the arguments as they are.
 */
import { isHash } from '../core/templates/properties.js';

const REDACTED = '<redacted>';

/** `redactAllBut`: every value but those of `keys` replaced. */
function redactAllBut(keys: readonly string[], hash: unknown): unknown {
  if (!isHash(hash)) return hash;
  return Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, keys.includes(k) ? v : REDACTED]));
}

function redactEnv(env: unknown): unknown {
  const out = redactAllBut(['bosh'], env);
  if (isHash(out) && isHash(out['bosh']))
    out['bosh'] = redactAllBut(['group', 'groups', 'tags'], out['bosh']);
  return out;
}

function redactNetworks(networks: unknown): unknown {
  if (!isHash(networks)) return networks;
  return Object.fromEntries(
    Object.entries(networks).map(([name, n]) => [
      name,
      isHash(n) && isHash(n['cloud_properties'])
        ? { ...n, cloud_properties: redactAllBut([], n['cloud_properties']) }
        : n,
    ]),
  );
}

export function redactCpiArguments(method: string, args: readonly unknown[]): readonly unknown[] {
  if (method === 'create_vm') {
    return args.map((a, i) =>
      i === 2 ? redactAllBut([], a) : i === 3 ? redactNetworks(a) : i === 5 ? redactEnv(a) : a,
    );
  }
  if (method === 'create_disk') return args.map((a, i) => (i === 1 ? redactAllBut([], a) : a));
  return args;
}
