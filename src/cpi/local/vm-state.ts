import { isRecord, type AgentSettings, type CpiNetwork } from '../../protocol/cpi.js';
import { LAUNCH_MODES, type LaunchMode } from './namespace.js';
import type { Layout } from './layout.js';
import { readJson, writeJsonAtomic } from './layout.js';
import type { VmProcess } from './processes.js';
import { cloudError, vmNotFound } from './response.js';

/** `.cpi/vm.json`: what the CPI needs to find, restart and delete a VM. */
export interface VmState {
  readonly agent_id: string;
  readonly stemcell_cid: string;
  readonly cloud_properties: Readonly<Record<string, unknown>>;
  readonly networks: Readonly<Record<string, CpiNetwork>>;
  readonly ips: readonly string[];
  readonly launch_mode: LaunchMode;
  readonly created_at: string;
  readonly process: VmProcess | null;
}

export async function readVmState(layout: Layout, cid: string): Promise<VmState> {
  if (!(await layout.vmExists(cid))) throw vmNotFound(cid);
  const value = await readJson(layout.vmState(cid)).catch((e: unknown) => {
    throw cloudError(`Reading state of VM '${cid}': ${String(e)}`);
  });
  if (
    !isRecord(value) ||
    typeof value.agent_id !== 'string' ||
    !Array.isArray(value.ips) ||
    !LAUNCH_MODES.some((mode) => mode === value.launch_mode)
  ) {
    throw cloudError(`State of VM '${cid}' is corrupt: ${layout.vmState(cid)}`);
  }
  return value as unknown as VmState;
}

export async function writeVmState(layout: Layout, cid: string, state: VmState): Promise<void> {
  await writeJsonAtomic(layout.vmState(cid), state);
}

export async function readSettings(layout: Layout, cid: string): Promise<AgentSettings> {
  const value = await readJson(layout.settings(cid)).catch((e: unknown) => {
    throw cloudError(`Reading agent settings of VM '${cid}': ${String(e)}`);
  });
  if (!isRecord(value) || !isRecord(value.disks) || !isRecord(value.disks.persistent)) {
    throw cloudError(`Agent settings of VM '${cid}' are corrupt: ${layout.settings(cid)}`);
  }
  return value as unknown as AgentSettings;
}

/** Rewrites the VM's persistent disks in its settings (atomically: the agent may be reading them). */
export async function updatePersistentDisks(
  layout: Layout,
  cid: string,
  change: (disks: Readonly<Record<string, unknown>>) => Record<string, unknown>,
): Promise<void> {
  const settings = await readSettings(layout, cid);
  const persistent = change(settings.disks.persistent);
  await writeJsonAtomic(layout.settings(cid), { ...settings, disks: { ...settings.disks, persistent } });
}
