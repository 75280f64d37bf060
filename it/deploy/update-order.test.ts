import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { orderingRelease, parseOrderLog } from './ordering-release.js';
import { taskId } from './query-support.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// Source 002: 6 ntpd instances updated with canaries/max_in_flight 1/3, 2/4 and 1/6 go in the same waves as the
// seed's timings (a pool of max_in_flight after the canaries), and every VM runs drain, stop, pre-start, start,
// post-start, then post-deploy once every instance is up.
const env = sharedDeployEnv('it-update-order-', { release: orderingRelease });

async function deploy(generation: number, update: Record<string, unknown>, flags: string[] = []) {
  const path = join(env.dir, `ntp-${String(generation)}.yml`);
  await writeFile(
    path,
    stringify({
      name: 'ntp',
      releases: [{ name: 'ordering', version: 'latest' }],
      stemcells: [{ alias: 'default', os: 'debian-bookworm', version: 'latest' }],
      update: { canary_watch_time: 1000, update_watch_time: 1000, ...update },
      instance_groups: [
        {
          name: 'ntpd',
          instances: 6,
          azs: ['z1'],
          vm_type: 'small',
          stemcell: 'default',
          networks: [{ name: 'default' }],
          jobs: [{ name: 'ntpd', release: 'ordering', properties: { generation } }],
        },
      ],
    }),
  );
  const run = await env.bosh(['-d', 'ntp', 'deploy', path, ...flags]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const id = Number(taskId(run.stdout));
  return env.director.events(id);
}

interface Wave {
  readonly canaries: number;
  /** The most canaries updating at once. */
  readonly canaryPeak: number;
  /** The most other instances updating at once. */
  readonly restPeak: number;
  /** Every canary finished before the first other instance started. */
  readonly canariesFirst: boolean;
}

function waves(events: ReadonlyArray<Record<string, unknown>>): Wave {
  const updates = events.filter((e) => e.stage === 'Updating instance' && e.state !== 'in_progress');
  let canaryPeak = 0;
  let restPeak = 0;
  let inFlight = 0;
  let canariesLeft = updates.filter(
    (e) => e.state === 'started' && String(e.task).endsWith('(canary)'),
  ).length;
  const canaries = canariesLeft;
  let canariesFirst = true;
  for (const e of updates) {
    const canary = String(e.task).endsWith('(canary)');
    if (e.state === 'started') {
      inFlight += 1;
      if (canary) canaryPeak = Math.max(canaryPeak, inFlight);
      else {
        if (canariesLeft > 0) canariesFirst = false;
        restPeak = Math.max(restPeak, inFlight);
      }
    } else {
      inFlight -= 1;
      if (canary) canariesLeft -= 1;
    }
  }
  return { canaries, canaryPeak, restPeak, canariesFirst };
}

/** Each VM's order log, by VM directory. */
async function orderLogs() {
  const vms = cpiDir(env, 'vms');
  const logs = [];
  for (const cid of await readdir(vms)) {
    const text = await readFile(join(vms, cid, 'sys', 'log', 'ntpd', 'order.log'), 'utf8').catch(() => '');
    if (text !== '') logs.push(parseOrderLog(text));
  }
  return logs;
}

describe('updating 6 instances as in the seed ntp deploy', { timeout: 300_000 }, () => {
  it('creates them, then updates in waves of 1/3, 2/4 and 1/6 with scripts in BOSH order', async () => {
    await deploy(0, { canaries: 1, max_in_flight: 3 });
    expect(waves(await deploy(1, { canaries: 1, max_in_flight: 3 }))).toEqual({
      canaries: 1,
      canaryPeak: 1,
      restPeak: 3,
      canariesFirst: true,
    });
    expect(waves(await deploy(2, { canaries: 2, max_in_flight: 4 }))).toEqual({
      canaries: 2,
      canaryPeak: 2,
      restPeak: 4,
      canariesFirst: true,
    });
    // The CLI's flags override the manifest's update block.
    expect(
      waves(await deploy(3, { canaries: 2, max_in_flight: 2 }, ['--canaries', '1', '--max-in-flight', '6'])),
    ).toEqual({ canaries: 1, canaryPeak: 1, restPeak: 5, canariesFirst: true });

    const logs = await orderLogs();
    expect(logs).toHaveLength(6);
    for (const log of logs) {
      // The last update: the old job drains and stops, the new one starts, then post-deploy.
      const last = log.filter(
        (e) => e.generation >= 2 && !(e.generation === 2 && e.event !== 'drain' && e.event !== 'stop'),
      );
      expect(last.map((e) => `${e.event} ${String(e.generation)}`)).toEqual([
        'drain 2',
        'stop 2',
        'pre-start 3',
        'start 3',
        'post-start 3',
        'post-deploy 3',
      ]);
      // The first deploy: no drain on fresh VMs.
      expect(
        log
          .filter((e) => e.generation === 0)
          .map((e) => e.event)
          .slice(0, 4),
      ).toEqual(['pre-start', 'start', 'post-start', 'post-deploy']);
    }
    // post-deploy runs once every instance is updated.
    const lastPostStart = logs
      .flatMap((l) => l.filter((e) => e.generation === 3 && e.event === 'post-start'))
      .reduce((m, e) => (e.ns > m ? e.ns : m), 0n);
    const firstPostDeploy = logs
      .flatMap((l) => l.filter((e) => e.generation === 3 && e.event === 'post-deploy'))
      .reduce((m, e) => (e.ns < m ? e.ns : m), BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n);
    expect(firstPostDeploy > lastPostStart).toBe(true);
  });
});
