/**
 * The processes of local-CPI VMs, found as the CPI itself finds them: every process a VM runs (its agent, monit, the
 * jobs' servers, whatever they fork) inherits the `BOSH_LOCAL_CPI_VM_CID=<cid>` marker in its environment, whatever
 * its command line, and outlives the director by design.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/** The environment variable the local CPI marks every process of a VM with. */
export const VM_MARKER = 'BOSH_LOCAL_CPI_VM_CID';

/** Which processes to find. */
export interface VmProcessMatch {
  /** Processes carrying the marker of one of these VM cids. */
  readonly cids: readonly string[];
  /** Also processes whose command line contains this (e.g. a test's dir). */
  readonly cmdline?: string;
}

/** The VM cids the local CPI has in `vmsDir` (its `<cpi dir>/vms`), sorted; none when there is no such dir. */
export async function cpiVmCids(vmsDir: string): Promise<string[]> {
  return existsSync(vmsDir) ? (await readdir(vmsDir)).sort() : [];
}

/** Live processes (no zombies, never this one) that `match` names. */
export async function vmProcesses(match: VmProcessMatch): Promise<number[]> {
  const markers = new Set(match.cids.map((cid) => `${VM_MARKER}=${cid}`));
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    if (match.cmdline !== undefined) {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
      if (cmdline.includes(match.cmdline)) {
        found.push(Number(entry));
        continue;
      }
    }
    if (markers.size === 0) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').some((v) => markers.has(v))) found.push(Number(entry));
  }
  return found;
}

/** SIGKILLs every process `match` names, again while any is left (a dying VM may still fork), a few rounds. */
export async function killProcesses(match: VmProcessMatch): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    const pids = await vmProcesses(match);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
