import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import type { AgentValue } from '../../protocol/agent.js';
import { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import { SettingsService } from '../settings/settings-service.js';
import { migrateDisk } from './migrate-disk.js';
import { mountDisk } from './mount-disk.js';
import { addPersistentDisk, removePersistentDisk } from './persistent-disk-hints.js';
import { unmountDisk } from './unmount-disk.js';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The Go-style message of the error `run` fails with. */
function failure(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? errorChainMessage(e) : String(e)),
  );
}

let dir: string;
let dirs: Dirs;
let settings: SettingsService;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disk-hints-'));
  dirs = new Dirs(join(dir, 'vcap'));
  await mkdir(dirs.bosh, { recursive: true });
  const source = join(dir, 'settings.json');
  await writeFile(source, JSON.stringify({ agent_id: 'a', disks: { persistent: { 'disk-s': '/disks/s' } } }));
  settings = new SettingsService(source, dirs, quiet);
  await settings.load();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hintsFile = async (): Promise<unknown> =>
  JSON.parse(await readFile(join(dir, 'vcap', 'bosh', 'persistent_disk_hints.json'), 'utf8')) as unknown;

describe('add_persistent_disk / remove_persistent_disk', () => {
  it('records the hint in bosh/persistent_disk_hints.json, where the disk settings then include it', async () => {
    const add = addPersistentDisk(settings);
    expect(add.isAsynchronous(3)).toBe(true);
    const hint = { path: '/disks/h/disk.img', format: 'ext4-image' };
    expect(await add.run(['disk-h', hint], 3)).toEqual({});
    expect(await hintsFile()).toEqual({ 'disk-h': hint });
    expect(settings.settings.persistentDisks).toEqual({ 'disk-s': '/disks/s', 'disk-h': hint });
    // A reload (as mount_disk and list_disk do) keeps them.
    await settings.load();
    expect(settings.settings.persistentDisks['disk-h']).toEqual(hint);
  });

  it('lets mount_disk and unmount_disk find a disk known only from its hint', async () => {
    const calls: string[] = [];
    const platform = {
      mountPersistentDisk: (cid: string, setting: AgentValue) => {
        calls.push(`mount ${cid} ${JSON.stringify(setting)}`);
        return Promise.resolve();
      },
      unmountPersistentDisk: (cid: string) => {
        calls.push(`unmount ${cid}`);
        return Promise.resolve(true);
      },
    };
    expect(await failure(mountDisk({ settings, platform }).run(['disk-h'], 3))).toBe(
      "Reading persistent disk settings: Persistent disk with volume id 'disk-h' could not be found",
    );
    await addPersistentDisk(settings).run(['disk-h', '/disks/h'], 3);
    expect(await mountDisk({ settings, platform }).run(['disk-h'], 3)).toEqual({});
    expect(await unmountDisk({ settings, platform }).run(['disk-h'], 3)).toMatchObject({
      message: expect.stringMatching(
        /^Unmounted partition of \{ID:disk-h DeviceID: VolumeID:\/disks\/h /,
      ) as unknown,
    });
    expect(calls).toEqual(['mount disk-h "/disks/h"', 'unmount disk-h']);
  });

  it('prefers the hint over the settings for the same cid, as bosh-agent does', async () => {
    await addPersistentDisk(settings).run(['disk-s', { path: '/elsewhere' }], 3);
    await settings.load();
    expect(settings.settings.persistentDisks['disk-s']).toEqual({ path: '/elsewhere' });
    await removePersistentDisk(settings).run(['disk-s'], 3);
    expect(settings.settings.persistentDisks['disk-s']).toBe('/disks/s');
  });

  it('remove_persistent_disk forgets the hint and answers {}, also for a cid it never had', async () => {
    await addPersistentDisk(settings).run(['disk-1', '/d/1'], 3);
    await addPersistentDisk(settings).run(['disk-2', '/d/2'], 3);
    const remove = removePersistentDisk(settings);
    expect(remove.isAsynchronous(3)).toBe(true);
    expect(await remove.run(['disk-1'], 3)).toEqual({});
    expect(await hintsFile()).toEqual({ 'disk-2': '/d/2' });
    expect(Object.keys(settings.settings.persistentDisks).sort()).toEqual(['disk-2', 'disk-s']);
    expect(await remove.run(['never'], 3)).toEqual({});
    expect(await hintsFile()).toEqual({ 'disk-2': '/d/2' });
  });

  it("refuses bad arguments with the Go runner's words", async () => {
    const add = addPersistentDisk(settings);
    const remove = removePersistentDisk(settings);
    expect(await failure(add.run([], 3))).toBe(
      'Extracting method arguments from payload: Not enough arguments, expected 2, got 0',
    );
    expect(await failure(add.run(['disk-1'], 3))).toBe(
      'Extracting method arguments from payload: Not enough arguments, expected 2, got 1',
    );
    expect(await failure(add.run([7, '/d'], 3))).toBe(
      'Extracting method arguments from payload: Unmarshalling action argument: ' +
        'json: cannot unmarshal number into Go value of type string',
    );
    expect(await failure(remove.run([], 3))).toBe(
      'Extracting method arguments from payload: Not enough arguments, expected 1, got 0',
    );
    expect(await failure(remove.run([{}], 3))).toBe(
      'Extracting method arguments from payload: Unmarshalling action argument: ' +
        'json: cannot unmarshal object into Go value of type string',
    );
  });

  it('reports a hints file that is not a map of disk settings', async () => {
    const file = join(dir, 'vcap', 'bosh', 'persistent_disk_hints.json');
    await writeFile(file, '["disk-1"]');
    const notAMap =
      'Unmarshalling persistent disk settings from file: ' +
      'json: cannot unmarshal array into Go value of type map[string]settings.DiskSettings';
    expect(await failure(addPersistentDisk(settings).run(['disk-1', '/d'], 3))).toBe(
      `Refreshing the settings: Reading persistent disk settings: ${notAMap}`,
    );
    // Whatever loaded before, saving and removing read the file afresh.
    expect(await failure(settings.savePersistentDiskHint('disk-1', '/d'))).toBe(
      `Reading all persistent disk settings: ${notAMap}`,
    );
    expect(await failure(settings.removePersistentDiskHint('disk-1'))).toBe(
      `Cannot remove entry from file due to read error: ${notAMap}`,
    );
  });
});

describe('migrate_disk', () => {
  it('is a task that ignores its arguments, asks the platform to migrate and answers {}', async () => {
    let migrations = 0;
    const action = migrateDisk({
      migratePersistentDisk: () => {
        migrations += 1;
        return Promise.resolve();
      },
    });
    expect(action.isAsynchronous(3)).toBe(true);
    expect(await action.run(['disk-old', 'disk-new'], 3)).toEqual({});
    expect(await action.run([], 3)).toEqual({});
    expect(migrations).toBe(2);
  });

  it("wraps the platform's error in bosh-agent's words", async () => {
    const action = migrateDisk({
      migratePersistentDisk: () => Promise.reject(new Error('Unmounting old persistent disk: busy')),
    });
    expect(await failure(action.run([], 3))).toBe(
      'Migrating persistent disk: Unmounting old persistent disk: busy',
    );
  });
});
