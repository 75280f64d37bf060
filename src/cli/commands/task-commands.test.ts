import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli, usingEnvironment } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;

useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

const bosh = (...args: string[]) => h.onTest(args);
const tty = (...args: string[]) => h.onTest(args, { tty: true });
const USING = (): string => usingEnvironment(d.url);
const taskJson = (id: number, over: object = {}) => ({
  id,
  state: 'done',
  description: 'create release',
  timestamp: 1700000060,
  started_at: 1700000000,
  result: 'Created release',
  user: 'admin',
  deployment: null,
  context_id: '',
  ...over,
});

describe('tasks', () => {
  it('lists running tasks of all types, newest first; an unfinished task shows `-`', async () => {
    d.json('GET', /^\/tasks\?state=/, [
      taskJson(3, { state: 'queued', started_at: null, timestamp: null, result: null }),
      taskJson(12, {
        state: 'processing',
        timestamp: null,
        deployment: 'cf',
        description: 'create deployment',
      }),
    ]);
    const r = await tty('tasks');
    expect(r.stdout).toBe(
      USING() +
        'ID  State       Started At                    Finished At  User   Deployment  Description        Result  \n' +
        '12  processing  Tue Nov 14 22:13:20 UTC 2023  -            admin  cf          create deployment  Created release  \n' +
        '3   queued      -                             -            admin  -           create release     -  \n' +
        '\n2 tasks\n\nSucceeded\n',
    );
    expect(d.requests()).toEqual([
      'GET /info',
      'GET /tasks?state=processing%2Ccancelling%2Cqueued&verbose=2',
    ]);
    const json = JSON.parse((await bosh('ts', '--json')).stdout) as { Tables: { Rows: object[] }[] };
    expect(json.Tables[0]?.Rows[1]).toEqual({
      deployment: '',
      description: 'create release',
      finished_at: '-',
      id: '3',
      result: '',
      started_at: '',
      state: 'queued',
      user: 'admin',
    });
  });

  it('-r[=N] lists recent tasks of the main types (-a all), -d one deployment', async () => {
    d.json('GET', /^\/tasks\?/, []);
    await bosh('tasks', '-r');
    await bosh('tasks', '--recent=5', '-a');
    await bosh('tasks', '-r7', '-d', 'cf');
    expect(d.requests('GET').filter((p) => p.startsWith('GET /tasks'))).toEqual([
      'GET /tasks?limit=30&verbose=1',
      'GET /tasks?limit=5&verbose=2',
      'GET /tasks?deployment=cf&limit=7&verbose=1',
    ]);
    expect((await tty('tasks', '-r')).stdout).toBe(
      USING() +
        'ID  State  Started At  Finished At  User  Deployment  Description  Result  \n\n0 tasks\n\nSucceeded\n',
    );
    expect((await bosh('tasks', '-r', '30')).stderr).toBe(
      "Command '*opts.TasksOpts' does not support extra arguments: 30\nExit code 1\n",
    );
    expect((await bosh('tasks', '--recent=x')).stderr).toBe(
      'invalid argument for flag `-r, --recent\' (expected *int): strconv.ParseInt: parsing "x": invalid syntax\nExit code 1\n',
    );
  });
});

describe('task', () => {
  const events = [
    {
      time: 1700000001,
      stage: 'Extracting release',
      tags: [],
      total: 1,
      task: 'Extracting release',
      index: 1,
      state: 'started',
      progress: 0,
    },
    {
      time: 1700000002,
      stage: 'Extracting release',
      tags: [],
      total: 1,
      task: 'Extracting release',
      index: 1,
      state: 'finished',
      progress: 100,
    },
  ];

  it('follows a task: polls its state and event log with Range until it is done', async () => {
    d.addTask(21, { states: ['processing', 'processing', 'processing', 'processing', 'done'], events });
    const r = await tty('task', '21');
    expect(r.stdout).toBe(
      USING() +
        'Task 21\n' +
        '\nTask 21 | 22:13:21 | Extracting release: Extracting release (00:00:01)\n' +
        '\nTask 21 Started  Tue Nov 14 22:13:21 UTC 2023' +
        '\nTask 21 Finished Tue Nov 14 22:13:22 UTC 2023' +
        '\nTask 21 Duration 00:00:01' +
        '\nTask 21 done\n\nSucceeded\n',
    );
    const outputs = d.seen.filter((s) => s.path.includes('/output'));
    const first = JSON.stringify(events[0]).length + 1;
    const all = first + JSON.stringify(events[1]).length + 1;
    // The first line, the second, then nothing new (416) until the task is done.
    expect(outputs.map((s) => s.headers.range)).toEqual([
      'bytes=0-',
      `bytes=${first.toString()}-`,
      `bytes=${all.toString()}-`,
      `bytes=${all.toString()}-`,
    ]);
    expect(d.requests('GET').filter((p) => p === 'GET /tasks/21')).toHaveLength(5);
  });

  it('piped, shows only the event lines (no header, footer or Succeeded)', async () => {
    d.addTask(22, { states: ['done'], events });
    expect(await bosh('t', '22')).toEqual({
      exit: 0,
      stdout: '\nTask 22 | 22:13:21 | Extracting release: Extracting release (00:00:01)',
      stderr: '',
    });
  });

  it('prints raw --debug/--cpi/--result/--event output', async () => {
    d.addTask(23, { states: ['done'], events, outputs: { debug: 'D, debug line\n', result: '{"a":1}\n' } });
    expect((await tty('task', '23', '--debug')).stdout).toBe(
      USING() + 'Task 23\n\nD, debug line\n\nTask 23 done\n\nSucceeded\n',
    );
    expect((await tty('task', '23', '--result')).stdout).toBe(
      USING() + 'Task 23\n\n{"a":1}\n\nTask 23 done\n\nSucceeded\n',
    );
    expect((await tty('task', '23', '--cpi')).stdout).toBe(USING() + 'Task 23. Done\n\nSucceeded\n');
    const event = await tty('task', '23', '--event');
    expect(event.stdout).toContain(`Task 23\n\n${JSON.stringify(events[0])}\n`);
    expect(d.seen.some((s) => s.path === '/tasks/23/output?type=cpi')).toBe(true);
  });

  it('without an ID follows the newest running task; fails for a failed task', async () => {
    d.json('GET', '/tasks?state=processing%2Ccancelling%2Cqueued&verbose=1', [taskJson(31), taskJson(30)]);
    d.addTask(31, {
      states: ['error'],
      events: [{ time: 1700000005, error: { code: 100, message: 'Release is missing' } }],
    });
    const r = await tty('task');
    expect(r.stdout).toBe(
      USING() +
        'Task 31\n' +
        '\nTask 31 | 22:13:25 | Error: Release is missing\n' +
        '\nTask 31 Started  Tue Nov 14 22:13:25 UTC 2023' +
        '\nTask 31 Finished Tue Nov 14 22:13:25 UTC 2023' +
        '\nTask 31 Duration 00:00:00' +
        '\nTask 31 error\n' +
        // the padding UI's empty lines before the error and before `Exit code 1`
        '\n\n',
    );
    expect(r.stderr).toBe(
      "Capturing task '31' output:\n  Expected task '31' to succeed but state is 'error'\nExit code 1\n",
    );
    d.json('GET', '/tasks?deployment=none&state=processing%2Ccancelling%2Cqueued&verbose=2', []);
    expect((await bosh('-d', 'none', 'task', '-a')).stderr).toBe('No task found\nExit code 1\n');
  });

  it('reports an unknown task as the director answers it', async () => {
    expect((await bosh('task', '999')).stderr).toBe(
      'Finding task \'999\':\n  Director responded with non-successful status code \'404\' response \'{"code":10000,"description":"Task 999 not found"}\'\nExit code 1\n',
    );
    expect((await bosh('task', 'abc')).stderr).toBe(
      'strconv.ParseInt: parsing "abc": invalid syntax\nExit code 1\n',
    );
  });
});

describe('cancel-task, cancel-tasks', () => {
  it('cancel-task finds the task, then DELETE /task/<id>', async () => {
    d.addTask(40, { states: ['processing'] });
    d.on('DELETE', '/task/40', () => ({ status: 204 }));
    expect((await tty('ct', '40')).stdout).toBe(USING() + 'Succeeded\n');
    expect(d.requests()).toEqual(['GET /info', 'GET /tasks/40', 'DELETE /task/40']);
    d.on('DELETE', '/task/41', () => ({ status: 400, body: 'Cannot cancel task 41: invalid state (done)' }));
    d.addTask(41, { states: ['done'] });
    expect((await bosh('cancel-task', '41')).stderr).toBe(
      "Cancelling task '41':\n  Director responded with non-successful status code '400' response 'Cannot cancel task 41: invalid state (done)'\nExit code 1\n",
    );
  });

  it('cancel-tasks posts only the given filters (types and states need `=`)', async () => {
    d.on('POST', '/tasks/cancel', () => ({ status: 204 }));
    await bosh('cancel-tasks');
    await bosh('-d', 'cf', 'cts', '--type=update_release', '-s=queued', '--state=processing');
    const bodies = d.seen
      .filter((s) => s.path === '/tasks/cancel')
      .map((s) => [s.headers['content-type'], s.body.toString()]);
    expect(bodies).toEqual([
      ['application/json', '{}'],
      ['application/json', '{"deployment":"cf","states":["queued","processing"],"types":["update_release"]}'],
    ]);
    expect((await bosh('cts', '-t', 'vms')).stderr).toBe(
      "Command '*opts.CancelTasksOpts' does not support extra arguments: vms\nExit code 1\n",
    );
  });
});

describe('locks, events', () => {
  it('locks: type, resource joined by `:`, task and expiry, by task ID', async () => {
    d.json('GET', '/locks', [
      { type: 'deployment', resource: ['cf'], timeout: '1700000100.5', task_id: '9' },
      { type: 'release', resource: ['bosh', '1'], timeout: '1700000200.0', task_id: '10' },
    ]);
    expect((await tty('locks')).stdout).toBe(
      USING() +
        'Type        Resource  Task ID  Expires at  \n' +
        'release     bosh:1    10       Tue Nov 14 22:16:40 UTC 2023  \n' +
        'deployment  cf        9        Tue Nov 14 22:15:00 UTC 2023  \n' +
        '\n2 locks\n\nSucceeded\n',
    );
  });

  it('events: every filter as a query parameter, context as YAML, `id <- parent`', async () => {
    d.json('GET', /^\/events/, [
      {
        id: '12',
        parent_id: '11',
        timestamp: 1700000000,
        user: 'admin',
        action: 'update',
        object_type: 'deployment',
        object_name: 'cf',
        task: '5',
        deployment: 'cf',
        instance: 'web/1',
        context: { after: { releases: ['a/1'] }, count: 1000000 },
        error: 'boom',
      },
      {
        id: '11',
        timestamp: 1700000000,
        user: 'admin',
        action: 'update',
        object_type: 'deployment',
        context: {},
      },
    ]);
    const r = await bosh(
      '-d',
      'cf',
      'events',
      '--before-id',
      '20',
      '--before',
      '2023-11-15 00:00:00',
      '--after',
      '1700000000',
      '--task',
      '5',
      '--instance',
      'web/1',
      '--event-user',
      'admin',
      '--action',
      'update',
      '--object-type',
      'deployment',
      '--object-name',
      'cf',
    );
    expect(d.requests('GET').at(-1)).toBe(
      'GET /events?action=update&after_time=1700000000&before_id=20&before_time=2023-11-15+00%3A00%3A00&deployment=cf&instance=web%2F1&object_name=cf&object_type=deployment&task=5&user=admin',
    );
    // Piped: cells padded to the column width except the last column, continuation lines empty, then a tab.
    expect(r.stdout).toBe(
      '12 <- 11\tTue Nov 14 22:13:20 UTC 2023\tadmin\tupdate\tdeployment\tcf\t5\tcf\tweb/1\tafter:      \tboom\t\n' +
        '        \t                            \t     \t      \t          \t  \t \t  \t     \t  releases: \t\t\n' +
        '        \t                            \t     \t      \t          \t  \t \t  \t     \t  - a/1     \t\t\n' +
        '        \t                            \t     \t      \t          \t  \t \t  \t     \tcount: 1e+06\t\t\n' +
        '11      \tTue Nov 14 22:13:20 UTC 2023\tadmin\tupdate\tdeployment\t- \t-\t- \t-    \t-           \t-\t\n',
    );
    await bosh('events');
    expect(d.requests('GET').at(-1)).toBe('GET /events');
  });
});
