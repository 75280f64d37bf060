import { stemcellEtcHosts } from '../../core/network/etc-hosts.js';
import { field, mismatch, root, slice, str, struct, type At } from '../../protocol/agent.js';
import { fieldOf, uint64 } from '../actions/go-args.js';

/** `settings.DNSRecords`: what the director's DNS blob holds that the agent reads. */
export interface DnsRecords {
  readonly version: bigint;
  /** `[ip, fqdn]` pairs. */
  readonly records: readonly (readonly [string, string])[];
}

/**
 * Decodes the blob's JSON as encoding/json fills `DNSRecords{Version uint64 "Version"; Records [][2]string}`:
 * keys match case-insensitively (the director writes `version`), a record keeps its first two strings and a
 * shorter one is padded with "".
 */
export function decodeDnsRecords(value: unknown): DnsRecords {
  const at = root('settings.DNSRecords');
  const o = struct(value, at, 'settings.DNSRecords');
  const f = (name: string): At => field(at, 'DNSRecords', name);
  const records =
    slice(fieldOf(o, 'records'), f('records'), '[][2]string', (r) => {
      if (r === null) return ['', ''] as const;
      if (!Array.isArray(r)) throw mismatch(r, f('records'), '[2]string');
      return [str(r[0], f('records')), str(r[1], f('records'))] as const;
    }) ?? [];
  return { version: uint64(fieldOf(o, 'Version'), f('Version')), records };
}

/** The `/etc/hosts` bosh-agent writes: its default hosts (named after the agent id), then one line per record. */
export function etcHosts(hostname: string, records: DnsRecords['records']): string {
  return stemcellEtcHosts(hostname) + records.map(([ip, fqdn]) => `${ip} ${fqdn}\n`).join('');
}

/** `SyncDNSState.NeedsUpdate`: no readable state, or a stored version below the new one. */
export function needsUpdate(stateJson: string | undefined, version: bigint): boolean {
  if (stateJson === undefined) return true;
  try {
    const o: unknown = JSON.parse(stateJson);
    return uint64(fieldOf(struct(o, root('struct'), 'struct'), 'version'), root('uint64')) < version;
  } catch {
    return true;
  }
}
