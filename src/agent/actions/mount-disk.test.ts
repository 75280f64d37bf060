import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import type { AgentValue } from '../../protocol/agent.js';
import { decodeSettings } from '../settings/settings.js';
import { mountDisk, type DiskActionDeps } from './mount-disk.js';
import { goDiskSettings, unmountDisk } from './unmount-disk.js';

/** A settings service whose `load` counts reloads, and a platform that records calls. */
function fakes(persistent: Record<string, AgentValue>, mounted = new Set<string>()) {
  const calls: string[] = [];
  let loads = 0;
  const settings = decodeSettings({ agent_id: 'a', disks: { persistent } });
  const deps: DiskActionDeps = {
    settings: {
      load: () => {
        loads += 1;
        return Promise.resolve();
      },
      get settings() {
        return settings;
      },
    },
    platform: {
      mountPersistentDisk: (cid, setting) => {
        calls.push(`mount ${cid} ${JSON.stringify(setting)}`);
        if (cid === 'broken') return Promise.reject(new Error('Mounting partition: boom'));
        mounted.add(cid);
        return Promise.resolve();
      },
      unmountPersistentDisk: (cid) => {
        calls.push(`unmount ${cid}`);
        return Promise.resolve(mounted.delete(cid));
      },
    },
  };
  return { deps, calls, loads: () => loads };
}

/** The Go-style message of the error `run` fails with. */
function failure(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? errorChainMessage(e) : String(e)),
  );
}

describe('mount_disk', () => {
  it('is a task that reloads the settings, mounts the disk and answers {}', async () => {
    const f = fakes({ 'disk-1': '/disks/disk-1/data' });
    const action = mountDisk(f.deps);
    expect(action.isAsynchronous(3)).toBe(true);
    expect(await action.run(['disk-1'], 3)).toEqual({});
    expect(f.loads()).toBe(1);
    expect(f.calls).toEqual(['mount disk-1 "/disks/disk-1/data"']);
  });

  it("refuses a cid the settings do not have with bosh-agent's message", async () => {
    const f = fakes({});
    expect(await failure(mountDisk(f.deps).run(['nope'], 3))).toBe(
      "Reading persistent disk settings: Persistent disk with volume id 'nope' could not be found",
    );
    expect(f.calls).toEqual([]);
  });

  it('wraps platform errors and checks the argument count', async () => {
    const f = fakes({ broken: '/x' });
    expect(await failure(mountDisk(f.deps).run(['broken'], 3))).toBe(
      'Mounting persistent disk: Mounting partition: boom',
    );
    expect(await failure(mountDisk(f.deps).run([], 3))).toBe(
      'Extracting method arguments from payload: Not enough arguments, expected 1, got 0',
    );
  });
});

describe('unmount_disk', () => {
  it('answers with the disk settings as bosh-agent prints them, mounted or not', async () => {
    const f = fakes({ 'disk-1': '/d/1' }, new Set(['disk-1']));
    const action = unmountDisk(f.deps);
    expect(action.isAsynchronous(3)).toBe(true);
    const printed =
      '{ID:disk-1 DeviceID: VolumeID:/d/1 Lun: HostDeviceID: Path:/d/1 ' +
      'ISCSISettings:{InitiatorName: Username: Target: Password:} FileSystemType: MountOptions:[] Partitioner:}';
    expect(await action.run(['disk-1'], 3)).toEqual({ message: `Unmounted partition of ${printed}` });
    expect(await action.run(['disk-1'], 3)).toEqual({ message: `Partition of ${printed} is not mounted` });
    expect(f.calls).toEqual(['unmount disk-1', 'unmount disk-1']);
  });

  it("refuses a cid the settings do not have with bosh-agent's message", async () => {
    expect(await failure(unmountDisk(fakes({}).deps).run(['nope'], 3))).toBe(
      "Getting persistent disk settings: Persistent disk with volume id 'nope' could not be found",
    );
  });

  it('prints hash settings field by field', () => {
    expect(goDiskSettings('c', { path: '/p', volume_id: 'v', lun: '0' })).toBe(
      '{ID:c DeviceID: VolumeID:v Lun:0 HostDeviceID: Path:/p ' +
        'ISCSISettings:{InitiatorName: Username: Target: Password:} FileSystemType: MountOptions:[] Partitioner:}',
    );
  });
});
