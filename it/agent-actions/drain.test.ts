import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySpecWith, type FixtureJob } from '../agent/fixtures.js';
import { AgentProcess, waitFor } from '../agent/harness.js';

let root: string;
let agent: AgentProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-drain-'));
});
afterEach(async () => {
  await agent?.kill();
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

const blobstore = () => join(root, 'blobstore');

/** An agent with `jobs` applied; returns it and the applied spec (the director's next spec in these tests). */
async function applied(jobs: FixtureJob[]) {
  const a = await AgentProcess.start({ root });
  agent = a;
  const spec = await applySpecWith(root, blobstore(), jobs, a.host);
  expect(await a.runTask('apply', spec)).toEqual({ value: 'applied' });
  return { a, spec };
}

/** A drain script that records its arguments and job state, then answers `body`'s output. */
const drainScript = (body: string) =>
  [
    '#!/bin/sh',
    `echo "$* | state=$BOSH_JOB_STATE | next=\${BOSH_JOB_NEXT_STATE-unset}" >> ${root}/drain-calls`,
    body,
  ].join('\n');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const calls = async () => (await readFile(join(root, 'drain-calls'), 'utf8')).trim().split('\n');

describe('drain', () => {
  it('static drain: answers the value the script printed, with the job change and states', async () => {
    const { a, spec } = await applied([
      { name: 'web', files: { monit: '', 'bin/drain': drainScript('echo 5') } },
      { name: 'nodrain', files: { monit: '' } },
    ]);
    const started = (await a.send('drain', 'update', { ...spec, persistent_disk: 2048 })) as {
      value: { agent_task_id: string; state: string };
    };
    expect(started.value.state).toBe('running');
    expect(await a.waitTask(started.value.agent_task_id)).toEqual({ value: 5 });
    expect(await a.runTask('drain', 'shutdown')).toEqual({ value: 5 });
    expect(await calls()).toEqual([
      'job_changed hash_unchanged | state={"persistent_disk":0} | next={"persistent_disk":2048}',
      'job_shutdown hash_unchanged | state={"persistent_disk":0} | next=unset',
    ]);
  });

  it('dynamic drain: negative, then polled with status until the script says it is done', async () => {
    const done = join(root, 'drained');
    const { a, spec } = await applied([
      {
        name: 'db',
        files: {
          monit: '',
          'bin/drain': drainScript(
            `if [ "$1" = job_check_status ] && [ -e ${done} ]; then echo 0; else echo -2; fi`,
          ),
        },
      },
    ]);
    expect(await a.runTask('drain', 'shutdown', spec)).toEqual({ value: -2 });
    expect(await a.runTask('drain', 'status')).toEqual({ value: -2 });
    await writeFile(done, '');
    // The director's loop (without its waits: the script decides when draining is over).
    const last = await waitFor('the dynamic drain to end', async () => {
      const r = (await a.runTask('drain', 'status')) as { value: number };
      return r.value >= 0 ? r : undefined;
    });
    expect(last).toEqual({ value: 0 });
    const seen = await calls();
    expect(seen[0]).toBe(
      'job_shutdown hash_unchanged | state={"persistent_disk":0} | next={"persistent_disk":0}',
    );
    expect(seen.slice(1)).toEqual(
      Array.from(
        { length: seen.length - 1 },
        () => 'job_check_status hash_unchanged | state={"persistent_disk":0} | next=unset',
      ),
    );
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('is cancelled with cancel_task: the script is terminated and drain answers 0', async () => {
    const pidFile = join(root, 'drain.pid');
    const { a, spec } = await applied([
      {
        name: 'web',
        files: { monit: '', 'bin/drain': drainScript(`echo $$ > ${pidFile}\nexec sleep 1000`) },
      },
    ]);
    const started = (await a.send('drain', 'update', spec)) as { value: { agent_task_id: string } };
    const id = started.value.agent_task_id;
    const pid = await waitFor('the drain script to start', async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text.endsWith('\n') ? Number(text.trim()) : undefined;
    });
    expect(await a.send('cancel_task', id)).toEqual({ value: 'canceled' });
    expect(await a.waitTask(id)).toEqual({ value: 0 });
    await waitFor('the drain script to be gone', () => Promise.resolve(alive(pid) ? undefined : true));
  });

  it('answers 0 when no job has a drain script', async () => {
    const { a, spec } = await applied([{ name: 'web', files: { monit: '' } }]);
    expect(await a.runTask('drain', 'update', spec)).toEqual({ value: 0 });
    expect(await a.runTask('drain', 'shutdown')).toEqual({ value: 0 });
    expect(await a.runTask('drain', 'status')).toEqual({ value: 0 });
    expect(existsSync(join(root, 'drain-calls'))).toBe(false);
  });

  it('fails on a script that prints no integer, and update without the new spec', async () => {
    const { a, spec } = await applied([
      { name: 'web', files: { monit: '', 'bin/drain': drainScript('echo draining') } },
    ]);
    const result = (await a.runTask('drain', 'update', spec)) as { exception: { message: string } };
    expect(result.exception.message).toMatch(
      /^Action Failed get_task: Task [-0-9a-f]+ result: 1 of 1 drain scripts failed\. Failed Jobs: web\.$/,
    );
    expect(a.output.join('')).toContain(
      'script has failed with error: Script did not return a signed integer: strconv.Atoi: parsing "draining": invalid syntax',
    );
    expect(await a.runTask('drain', 'update')).toEqual({
      exception: {
        message: expect.stringMatching(/result: Drain update requires new spec$/) as unknown,
      },
    });
  });
});
