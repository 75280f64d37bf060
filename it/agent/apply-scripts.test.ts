import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySpecWith, sha1, type FixtureJob } from './fixtures.js';
import { AgentProcess, waitFor } from './harness.js';

let root: string;
let agent: AgentProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-apply-'));
});
afterEach(async () => {
  await agent?.kill();
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

const blobstore = () => join(root, 'blobstore');

async function applied(jobs: FixtureJob[]): Promise<AgentProcess> {
  const a = await AgentProcess.start({ root });
  agent = a;
  const spec = await applySpecWith(root, blobstore(), jobs, a.host);
  expect(await a.runTask('apply', spec)).toEqual({ value: 'applied' });
  return a;
}

describe('apply', () => {
  it('installs the job and package from the local blobstore and links them as bosh does', async () => {
    const a = await AgentProcess.start({ root });
    agent = a;
    const spec = await applySpecWith(
      root,
      blobstore(),
      [{ name: 'web', files: { monit: 'check process web' } }],
      a.host,
    );
    const started = (await a.send('apply', spec)) as { value: { agent_task_id: string; state: string } };
    expect(started.value.state).toBe('running');
    expect(await a.waitTask(started.value.agent_task_id)).toEqual({ value: 'applied' });

    const jobHash = sha1(`web-fp-1-${spec.rendered_templates_archive.sha1}`);
    const pkgHash = sha1(`pkg-fp-1.1-${spec.packages.hello.sha1}`);
    expect(await readlink(join(a.base, 'jobs/web'))).toBe(join(a.base, 'data/jobs/web', jobHash));
    expect(await readlink(join(a.base, 'packages/hello'))).toBe(join(a.base, 'data/packages/hello', pkgHash));
    expect(await readlink(join(a.base, 'jobs/web/packages/hello'))).toBe(
      join(a.base, 'data/packages/hello', pkgHash),
    );
    expect(await readFile(join(a.base, 'jobs/web/monit'), 'utf8')).toBe('check process web');
    expect(await readFile(join(a.base, 'packages/hello/bin/hello'), 'utf8')).toContain('echo hello');
    expect(await readFile(join(a.base, 'instance/id'), 'utf8')).toBe('instance-uuid-1');
    expect(await readFile(join(a.base, 'instance/deployment'), 'utf8')).toBe('dep');
    expect(existsSync(join(a.base, 'sys/log/web'))).toBe(true);

    const stored = JSON.parse(await readFile(join(a.base, 'bosh/spec.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({
      deployment: 'dep',
      name: 'web-group',
      configuration_hash: 'config-hash-1',
    });
    expect(stored).not.toHaveProperty('template_hashes');
    const state = (await a.send('get_state')) as { value: Record<string, unknown> };
    expect(state.value).toMatchObject({
      deployment: 'dep',
      id: 'instance-uuid-1',
      index: 0,
      networks: spec.networks,
    });
  });

  it('fails the task when a blob does not match its digest', async () => {
    const a = await AgentProcess.start({ root });
    agent = a;
    const spec = await applySpecWith(root, blobstore(), [{ name: 'web', files: { monit: '' } }], a.host);
    await writeFile(join(blobstore(), 'package-hello-1'), 'tampered');
    const result = (await a.runTask('apply', spec)) as { exception: { message: string } };
    expect(result.exception.message).toMatch(
      /^Action Failed get_task: Task [-0-9a-f]+ result: Applying: Applying job web: Applying package hello for job web: Fetching package blob: Checking downloaded blob 'package-hello-1': Expected stream to have digest '[0-9a-f]{40}' but was '[0-9a-f]{40}'$/,
    );
  });
});

describe('run_script', () => {
  it('runs pre-start and appends its output to sys/log/<job>/pre-start.stdout.log', async () => {
    const a = await applied([
      { name: 'web', files: { monit: '', 'bin/pre-start': '#!/bin/sh\necho "pre-start says $GREETING"\n' } },
    ]);
    expect(await a.runTask('run_script', 'pre-start', { env: { GREETING: 'hi' } })).toEqual({ value: {} });
    expect(await a.runTask('run_script', 'pre-start', { env: { GREETING: 'again' } })).toEqual({ value: {} });
    expect(await readFile(join(a.base, 'sys/log/web/pre-start.stdout.log'), 'utf8')).toBe(
      'pre-start says hi\npre-start says again\n',
    );
    expect(await a.runTask('run_script', 'post-deploy', {})).toEqual({ value: {} });

    const logs = (await a.runTask('fetch_logs', 'job', null)) as {
      value: { blobstore_id: string; sha1: string };
    };
    const tarball = join(blobstore(), logs.value.blobstore_id);
    expect(sha1(await readFile(tarball))).toBe(logs.value.sha1);
    const entries: string[] = [];
    await list({ file: tarball, onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toContain('./web/pre-start.stdout.log');
    expect(await a.runTask('fetch_logs', 'everything', [])).toEqual({
      exception: {
        message: expect.stringMatching(
          /^Action Failed get_task: Task \S+ result: Invalid log type$/,
        ) as unknown,
      },
    });
  });

  it('reports a failing script and keeps its stderr in the log', async () => {
    const a = await applied([
      { name: 'web', files: { monit: '', 'bin/pre-start': '#!/bin/sh\necho fine\n' } },
      {
        name: 'broken',
        files: { monit: '', 'bin/pre-start': '#!/bin/sh\necho "cannot start: no config" >&2\nexit 1\n' },
      },
    ]);
    const result = (await a.runTask('run_script', 'pre-start', {})) as { exception: { message: string } };
    expect(result.exception.message).toMatch(
      /^Action Failed get_task: Task [-0-9a-f]+ result: 1 of 2 pre-start scripts failed\. Failed Jobs: broken\. Successful Jobs: web\.$/,
    );
    expect(await readFile(join(a.base, 'sys/log/broken/pre-start.stderr.log'), 'utf8')).toBe(
      'cannot start: no config\n',
    );
  });

  it('is a long-running task: running until the script ends', async () => {
    const release = join(root, 'release');
    const a = await applied([
      {
        name: 'slow',
        files: {
          monit: '',
          'bin/post-start': '#!/bin/sh\nwhile [ ! -e "$RELEASE" ]; do sleep 0.02; done\necho released\n',
        },
      },
    ]);
    const started = (await a.send('run_script', 'post-start', { env: { RELEASE: release } })) as {
      value: { agent_task_id: string };
    };
    const id = started.value.agent_task_id;
    await waitFor('the script to start', () =>
      Promise.resolve(existsSync(join(a.base, 'sys/log/slow/post-start.stdout.log')) ? true : undefined),
    );
    expect(await a.send('get_task', id)).toEqual({ value: { agent_task_id: id, state: 'running' } });
    await writeFile(release, '');
    expect(await a.waitTask(id)).toEqual({ value: {} });
    expect(await readFile(join(a.base, 'sys/log/slow/post-start.stdout.log'), 'utf8')).toBe('released\n');
  });
});
