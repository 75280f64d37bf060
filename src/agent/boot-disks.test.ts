import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../base/errors.js';
import type { AgentValue } from '../protocol/agent.js';
import { mountLastMountedDisk } from './boot-disks.js';
import { decodeSettings } from './settings/settings.js';

function boot(last: string | undefined, persistent: Record<string, AgentValue>) {
  const mounted: string[] = [];
  const run = mountLastMountedDisk({
    platform: {
      lastMountedDisk: () => Promise.resolve(last),
      mountPersistentDisk: (cid, setting) => {
        mounted.push(`${cid} ${JSON.stringify(setting)}`);
        return Promise.resolve();
      },
    },
    settings: { settings: decodeSettings({ agent_id: 'a', disks: { persistent } }) },
  });
  return { run, mounted };
}

describe('mounting the last mounted disk at boot', () => {
  it('mounts the disk managed_disk_settings.json names, with its settings', async () => {
    const b = boot('disk-1', { 'disk-1': '/disks/disk-1/data' });
    await b.run;
    expect(b.mounted).toEqual(['disk-1 "/disks/disk-1/data"']);
  });

  it('does nothing when no disk was mounted', async () => {
    const b = boot(undefined, { 'disk-1': '/disks/disk-1/data' });
    await b.run;
    expect(b.mounted).toEqual([]);
  });

  it("stops the boot, in bosh-agent's words, when the settings no longer have the disk", async () => {
    const b = boot('disk-gone', {});
    await expect(b.run.catch((e: unknown) => errorChainMessage(e as Error))).resolves.toBe(
      "Mounting last mounted disk: Fetching disk settings: Persistent disk with volume id 'disk-gone' could not be found",
    );
  });
});
