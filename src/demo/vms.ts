import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoLayout } from './layout.js';
import { demoProcesses, signal } from './procs.js';
import { run } from './run.js';

/** The cids of the VMs the local CPI has in the data dir (a VM exists while its `.cpi/vm.json` does). */
export async function vmCids(layout: DemoLayout): Promise<string[]> {
  const entries = await readdir(layout.vmsDir).catch(() => []);
  return entries.filter((cid) => existsSync(join(layout.vmsDir, cid, '.cpi', 'vm.json'))).sort();
}

/**
 * Deletes the VMs the director left behind by calling the local CPI's delete_vm as the director would: it ends
 * every process of the VM (its PID namespace, process group and marked processes), removes a network namespace
 * and frees the VM's IPs. VMs outlive the director by design, so stopping it is not enough.
 */
export async function deleteVms(layout: DemoLayout, cids: readonly string[]): Promise<void> {
  for (const cid of cids) {
    process.stdout.write(`Deleting VM ${cid}\n`);
    const request = JSON.stringify({
      method: 'delete_vm',
      arguments: [cid],
      context: { director_uuid: 'bosh-ts-demo' },
      api_version: 2,
    });
    const result = await run(layout.cpiScript, [layout.cpiConfig], process.env, false, request);
    const error = (JSON.parse(result.stdout || '{}') as { error?: { message?: string } | null }).error;
    if (result.code !== 0 || (error !== null && error !== undefined)) {
      process.stderr.write(`delete_vm ${cid}: ${error?.message ?? result.stderr.trim()}\n`);
    }
  }
}

/**
 * Kills whatever of the demo is still running (a failed delete_vm, a director that would not stop) and fails if
 * something survives SIGKILL: the data dir is not removed from under live processes.
 */
export async function killLeftovers(layout: DemoLayout, cids: readonly string[]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const pids = await demoProcesses(layout.root, cids);
    if (pids.length === 0) return;
    if (attempt === 0) process.stdout.write(`Killing leftover processes: ${pids.join(', ')}\n`);
    for (const pid of pids) signal(pid, 'SIGKILL');
    await sleep(100);
  }
  const left = await demoProcesses(layout.root, cids);
  if (left.length > 0) throw new Error(`processes of ${layout.root} still running: ${left.join(', ')}`);
}
