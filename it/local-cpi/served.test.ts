import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CpiError, ExternalCpi } from '../../src/adapters/external-cpi.js';
import { ServedCpi } from '../../src/adapters/served-cpi.js';
import {
  bundleCpi,
  cmdline,
  destroyHarness,
  makeHarness,
  readText,
  removeBundle,
  vmProcesses,
  waitFor,
  type Harness,
} from './support.js';

// The director's `cpi.serve`: one `bosh-local-cpi <config> --serve` answers every call; the VMs it starts
// are detached like those of a CPI process per call, and outlive it.
let bin: string;
let h: Harness | undefined;
const servers: ServedCpi[] = [];
beforeAll(async () => {
  bin = await bundleCpi();
});
afterAll(() => removeBundle(bin));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  await destroyHarness(h);
});

/** The director's client of a served CPI, with the CPI log it would write into the task. */
function served(harness: Harness): { cpi: ExternalCpi; log: string[] } {
  const server = new ServedCpi(harness.bin, harness.configPath, () => undefined);
  servers.push(server);
  const log: string[] = [];
  let id = 0;
  const cpi = new ExternalCpi({
    executable: harness.bin,
    configPath: harness.configPath,
    directorUuid: 'director-1',
    newRequestId: () => String((id += 1)),
    log: (text) => log.push(text),
    served: server,
  });
  return { cpi, log };
}

const network = (ip: string) => ({
  default: { type: 'manual', ip, netmask: '255.0.0.0', default: ['gateway'] },
});

/** The live served CPI processes of this harness (their command line names its config). */
async function servingProcesses(harness: Harness): Promise<number[]> {
  const serving: number[] = [];
  for (const entry of await readdir('/proc'))
    if (/^\d+$/.test(entry) && (await cmdline(Number(entry))).endsWith(`${harness.configPath} --serve`))
      serving.push(Number(entry));
  return serving;
}

describe('the local CPI served to the director', () => {
  it('creates VMs concurrently in one process; they outlive it and a later one deletes them', async () => {
    h = await makeHarness(bin);
    const harness = h;
    const { cpi, log } = served(harness);
    const stemcell = String(await cpi.call('create_stemcell', [join(harness.dir, 'image'), {}]));
    const created = await Promise.all(
      ['11', '12', '13'].map((n) =>
        cpi.call('create_vm', [`agent-${n}`, stemcell, {}, network(`127.1.0.${n}`), [], {}]),
      ),
    );
    const cids = created.map((r) => (r as [string])[0]);
    expect(new Set(cids).size).toBe(3);
    for (const [i, cid] of cids.entries()) {
      const seen = await waitFor('the agent to copy its settings', () =>
        readText(join(harness.vmDir(cid), 'data', 'seen-settings.json')),
      );
      expect(JSON.parse(seen)).toMatchObject({ agent_id: `agent-${String(11 + i)}`, vm: { name: cid } });
    }
    expect(await servingProcesses(harness)).toHaveLength(1);
    // Each call's log reaches the task's CPI log as a process per call's does.
    expect(log.filter((l) => l.includes('request: create_vm'))).toHaveLength(3);
    expect(log.filter((l) => / create_vm \(api_version 2, request cpi-\d\)/.test(l))).toHaveLength(3);

    await servers[0]?.stop();
    expect(await servingProcesses(harness)).toEqual([]);
    for (const cid of cids) expect((await vmProcesses(cid)).length).toBeGreaterThanOrEqual(3);

    const later = served(harness).cpi;
    await Promise.all(cids.map((cid) => later.call('delete_vm', [cid])));
    for (const cid of cids) expect(await vmProcesses(cid)).toEqual([]);
    const missing = await later.call('delete_vm', [cids[0]]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CpiError);
    expect(missing).toMatchObject({
      type: 'Bosh::Clouds::VMNotFound',
      message: `VM '${cids[0] ?? ''}' not found`,
    });
  });
});
