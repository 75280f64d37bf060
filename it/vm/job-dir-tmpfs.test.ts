import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, LocalCloud, readText, vaultSecret, vmShell } from './support.js';

// env.bosh.job_dir.tmpfs on a VM of the local CPI: the rendered templates live on a tmpfs inside the VM's mount
// namespace, so a credential in a template is readable by the job and appears nowhere in the VM's directory.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

/** Every regular file under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch(() => Buffer.alloc(0));
    if (bytes.includes(needle)) found.push(path);
  }
  return found;
}

describe.runIf(process.getuid?.() === 0)('a VM with env.bosh.job_dir.tmpfs', { timeout: 180_000 }, () => {
  it("lets the job read its secret while the VM's directory on disk never holds it", async () => {
    const vm = await cloud.createVm(
      'agent-tmpfs',
      {},
      { bosh: { job_dir: { tmpfs: true, tmpfs_size: '16m' } } },
    );
    await vm.waitForAgent();
    await apply(vm, { jobs: ['vault'] });
    expect(await vm.runTask('run_script', 'pre-start', {})).toEqual({ value: {} });

    const secret = vaultSecret(vm);
    const digest = createHash('sha256').update(`password: ${secret}\n`).digest('hex');
    expect(await readText(vm.path('sys/log/vault/pre-start.stdout.log'))).toBe(`${digest}\n`);
    expect(await vmShell(vm, 'grep -r password /var/vcap/jobs/vault/config/')).toContain(secret);
    expect(await vmShell(vm, 'awk \'$2 == "/var/vcap/data/jobs" {print $3}\' /proc/mounts')).toBe('tmpfs\n');
    expect(await filesContaining(vm.dir, secret)).toEqual([]);

    await cloud.deleteVm(vm);
    expect(await filesContaining(cloud.dataDir, secret)).toEqual([]);
  });
});
