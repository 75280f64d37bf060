import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeConfig } from './config.js';
import { readDisk } from './disks.js';
import { Layout } from './layout.js';
import { CpiFault } from './response.js';
import { readSettings, readVmState } from './vm-state.js';

/** The CPI error a call fails with, as the director receives it. */
async function fault(run: () => unknown): Promise<{ type: string; message: string }> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof CpiFault)) throw e;
    return { type: e.type, message: e.message };
  }
  throw new Error('expected a failure');
}

/** What `String(e)` gives for JSON.parse's error on `text` (the engine's wording is not ours to pin). */
function jsonParseText(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return String(e);
  }
  throw new Error('expected invalid JSON');
}

const cloudError = (message: string) => ({ type: 'Bosh::Clouds::CloudError', message });

let dir: string;
let layout: Layout;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpi-error-texts-'));
  layout = new Layout(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

describe('local CPI config error texts', () => {
  it('rejects a config that is not a JSON object', async () => {
    expect(await fault(() => decodeConfig(['data_dir'], dir))).toEqual(
      cloudError('Invalid local CPI config: expected a JSON object'),
    );
  });
});

describe('VM state error texts', () => {
  it('reports a vm.json that is not JSON', async () => {
    await put(layout.vmState('vm-1'), '{not json');
    expect(await fault(() => readVmState(layout, 'vm-1'))).toEqual(
      cloudError(`Reading state of VM 'vm-1': ${jsonParseText('{not json')}`),
    );
  });

  it('reports a vm.json without the fields of a VM', async () => {
    await put(layout.vmState('vm-1'), '{"agent_id": 7}');
    expect(await fault(() => readVmState(layout, 'vm-1'))).toEqual(
      cloudError(`State of VM 'vm-1' is corrupt: ${layout.vmState('vm-1')}`),
    );
  });

  it('reports missing agent settings', async () => {
    const path = layout.settings('vm-1');
    expect(await fault(() => readSettings(layout, 'vm-1'))).toEqual(
      cloudError(
        `Reading agent settings of VM 'vm-1': Error: ENOENT: no such file or directory, open '${path}'`,
      ),
    );
  });

  it('reports agent settings without persistent disks', async () => {
    await put(layout.settings('vm-1'), '{"disks": {}}');
    expect(await fault(() => readSettings(layout, 'vm-1'))).toEqual(
      cloudError(`Agent settings of VM 'vm-1' are corrupt: ${layout.settings('vm-1')}`),
    );
  });
});

describe('disk error texts', () => {
  it('reports a disk.json that is not JSON', async () => {
    await put(layout.diskMeta('disk-1'), '');
    expect(await fault(() => readDisk(layout, 'disk-1'))).toEqual(
      cloudError(`Reading disk 'disk-1': ${jsonParseText('')}`),
    );
  });
});
