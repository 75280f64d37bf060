import { readFile, statfs } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import type { Vitals } from '../../protocol/agent.js';
import type { Dirs } from '../dirs.js';
import type { VitalsService } from '../ports.js';

/** CPU jiffies from the `cpu` line of /proc/stat. */
interface CpuSample {
  readonly user: number;
  readonly nice: number;
  readonly sys: number;
  readonly wait: number;
  readonly total: number;
}

interface Usage {
  readonly used: number;
  readonly total: number;
}

/** `Percentage.FormatFractionOf100`: part/total×100 with `decimals` places, 0 when total is 0. */
export function percent(part: number, total: number, decimals: number): string {
  return (total <= 0 ? 0 : (part / total) * 100).toFixed(decimals);
}

export function parseCpuLine(stat: string): CpuSample {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const n = line.trim().split(/\s+/).slice(1).map(Number);
  const at = (i: number) => n[i] ?? 0;
  // gosigar: total = user + nice + sys + idle + wait + irq + softirq + stolen.
  const total = [0, 1, 2, 3, 4, 5, 6, 7].reduce((s, i) => s + at(i), 0);
  return { user: at(0), nice: at(1), sys: at(2), wait: at(4), total };
}

/** gosigar's memory: used = total - available (MemAvailable, or free + buffers + cached); swap used = total - free. */
export function parseMeminfo(text: string): { mem: Usage; swap: Usage } {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+(\d+)/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) kb.set(m[1], Number(m[2]));
  }
  const get = (k: string) => (kb.get(k) ?? 0) * 1024;
  const total = get('MemTotal');
  const available = kb.has('MemAvailable')
    ? get('MemAvailable')
    : get('MemFree') + get('Buffers') + get('Cached');
  return {
    mem: { used: Math.max(0, total - available), total },
    swap: { used: Math.max(0, get('SwapTotal') - get('SwapFree')), total: get('SwapTotal') },
  };
}

const memVitals = (u: Usage) => ({
  kb: String(Math.floor(u.used / 1024)),
  percent: percent(u.used, u.total, 0),
});

/**
 * Vitals from /proc and statfs as bosh-agent reports them. CPU percentages cover the time since the previous call
 * (the agent samples continuously; the first call covers the time since boot).
 */
export class ProcVitals implements VitalsService {
  private last: CpuSample = { user: 0, nice: 0, sys: 0, wait: 0, total: 0 };

  constructor(
    private readonly dirs: Dirs,
    private readonly isMountPoint: (path: string) => Promise<boolean>,
  ) {}

  async get(): Promise<Vitals> {
    const load = (await readProc('loadavg', 'Getting CPU Load')).trim().split(/\s+/).slice(0, 3);
    const now = parseCpuLine(await readProc('stat', 'Getting CPU Stats'));
    const d = {
      user: now.user - this.last.user,
      nice: now.nice - this.last.nice,
      sys: now.sys - this.last.sys,
      wait: now.wait - this.last.wait,
      total: now.total - this.last.total,
    };
    this.last = now;
    const { mem, swap } = parseMeminfo(await readProc('meminfo', 'Getting Memory Stats'));
    const uptime = Math.floor(Number((await readProc('uptime', 'Getting Uptime Stats')).split(/\s+/)[0]));
    return {
      cpu: {
        sys: percent(d.sys, d.total, 1),
        user: percent(d.user + d.nice, d.total, 1),
        wait: percent(d.wait, d.total, 1),
      },
      disk: await this.disks(),
      load: load.map((l) => Number(l).toFixed(2)),
      mem: memVitals(mem),
      swap: memVitals(swap),
      uptime: uptime > 0 ? { secs: uptime } : {},
    };
  }

  /** `system` is `/`; `ephemeral` the data dir and `persistent` the store, each only when it is a mount point. */
  private async disks(): Promise<Record<string, { inode_percent: string; percent: string }>> {
    const out: Record<string, { inode_percent: string; percent: string }> = {};
    const entries: [string, string][] = [
      ['/', 'system'],
      [this.dirs.data, 'ephemeral'],
      [this.dirs.store, 'persistent'],
    ];
    for (const [path, name] of entries) {
      if (path !== '/' && !(await this.isMountPoint(path))) continue;
      try {
        const s = await statfs(path);
        const used = s.blocks - s.bfree;
        out[name] = {
          inode_percent: percent(s.files - s.ffree, s.files, 0),
          percent: percent(used, s.blocks, 0),
        };
      } catch (e) {
        if (path === '/') throw wrapError(wrapError(e, 'Getting Disk Stats for /'), 'Getting Disk Stats');
      }
    }
    return out;
  }
}

async function readProc(name: string, context: string): Promise<string> {
  try {
    return await readFile(`/proc/${name}`, 'utf8');
  } catch (e) {
    throw wrapError(e, context);
  }
}

/** Whether `path` is a mount point, from /proc/self/mountinfo (field 5, octal escapes decoded). */
export async function isMountPoint(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile('/proc/self/mountinfo', 'utf8');
  } catch {
    return false;
  }
  const unescape = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text.split('\n').some((line) => unescape(line.split(' ')[4] ?? '') === path);
}
