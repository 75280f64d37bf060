import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySpecWith } from '../agent/fixtures.js';
import { NamespacedAgent } from './namespaced-agent.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

let root: string;
let agent: NamespacedAgent | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-tmpfs-'));
});
afterEach(async () => {
  if (agent) {
    await agent.unmountInside(join(agent.base, 'data/jobs'));
    await agent.kill();
  }
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

/** Files under `dir` (not following symlinks) whose content contains `text`, as `grep -rlF` finds them. */
async function grepFiles(dir: string, text: string): Promise<string[]> {
  try {
    const { stdout } = await run('grep', ['-rlF', text, dir]);
    return stdout.trim().split('\n');
  } catch (e) {
    if ((e as { code?: unknown }).code === 1) return [];
    throw e;
  }
}

// Mounting needs root: the agent runs as root inside its VM (and these tests run as root here and in CI).
describe.runIf(isRoot)('env.bosh.job_dir.tmpfs', () => {
  it('keeps rendered templates on a tmpfs: the job reads its secret, the disk never holds it', async () => {
    const a = await NamespacedAgent.start(root, {
      env: { bosh: { job_dir: { tmpfs: true, tmpfs_size: '64m' } } },
    });
    agent = a;
    const secret = `s3cr3t-${randomUUID()}`;
    const config = `password: ${secret}\n`;
    const spec = await applySpecWith(
      root,
      join(root, 'blobstore'),
      [
        {
          name: 'vault',
          files: {
            monit: 'check process vault',
            'config/vault.yml': config,
            // The job proves it sees the secret without writing it anywhere: it logs its digest.
            'bin/pre-start': '#!/bin/sh\nsha256sum < "$(dirname "$0")/../config/vault.yml" | cut -d" " -f1\n',
          },
        },
      ],
      a.host,
    );
    expect(await a.runTask('prepare', spec)).toEqual({ value: 'prepared' });
    expect(await a.runTask('apply', spec)).toEqual({ value: 'applied' });
    expect(await a.runTask('run_script', 'pre-start', {})).toEqual({ value: {} });

    const digest = createHash('sha256').update(config).digest('hex');
    expect(await readFile(join(a.base, 'sys/log/vault/pre-start.stdout.log'), 'utf8')).toBe(`${digest}\n`);

    // In the agent's namespace data/jobs is a 64m tmpfs…
    const jobsDir = join(a.base, 'data/jobs');
    const mount = (await a.mountinfo()).split('\n').find((l) => l.split(' ')[4] === jobsDir);
    expect(mount).toMatch(/ - tmpfs tmpfs rw,.*size=65536k/);
    // …which the host never sees: its data/jobs is the empty directory underneath.
    expect(await readdir(jobsDir)).toEqual([]);
    expect(await grepFiles(a.base, secret)).toEqual([]);
    expect(await grepFiles(a.base, digest)).toEqual([
      join(a.base, 'data/sys/log/vault/pre-start.stdout.log'),
    ]);
    // Nor does the host's mount table.
    expect(await readFile('/proc/self/mountinfo', 'utf8')).not.toContain(jobsDir);
  });

  it('leaves data/jobs on disk without job_dir.tmpfs', async () => {
    const a = await NamespacedAgent.start(root, {});
    agent = a;
    const spec = await applySpecWith(
      root,
      join(root, 'blobstore'),
      [{ name: 'web', files: { monit: '', 'config/app.yml': 'plain: true\n' } }],
      a.host,
    );
    expect(await a.runTask('apply', spec)).toEqual({ value: 'applied' });
    const jobsDir = join(a.base, 'data/jobs');
    expect((await a.mountinfo()).split('\n').some((l) => l.split(' ')[4] === jobsDir)).toBe(false);
    expect(await readdir(jobsDir)).toEqual(['web']);
    // What the first test shows absent is found when it is on disk.
    const found = await grepFiles(a.base, 'plain: true');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${jobsDir}/web/[0-9a-f]{40}/config/app\\.yml$`));
  });
});
