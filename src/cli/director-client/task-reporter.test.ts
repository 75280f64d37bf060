import { describe, expect, it } from 'vitest';
import { durationOf, unixDate } from './go-time.js';
import { type ReporterUi, TaskReporterImpl } from './task-reporter.js';

/** Records what the reporter writes, as a terminal would show it; error blocks are marked with «». */
function recorder(): { ui: ReporterUi; text: () => string } {
  let out = '';
  return {
    ui: {
      beginLine: (t) => (out += t),
      endLine: (t) => (out += t + '\n'),
      printBlock: (b) => (out += b),
      printErrorBlock: (b) => (out += `«${b}»`),
    },
    text: () => out,
  };
}

const T0 = 1700000100; // Tue Nov 14 22:15:00 UTC 2023
const ev = (dt: number, fields: object): string => JSON.stringify({ time: T0 + dt, ...fields }) + '\n';
const step = (stage: string, task: string, state: string, dt: number, extra: object = {}): string =>
  ev(dt, { stage, tags: [], total: 1, task, index: 1, state, progress: 0, ...extra });

interface Case {
  name: string;
  chunks: string[];
  state: string;
  expected: string;
}

const deploy = [
  step('Preparing deployment', 'Preparing deployment', 'started', 1),
  step('Preparing deployment', 'Preparing deployment', 'finished', 2),
  step('Compiling packages', 'foo/0ee95716c58cf7aab3ef7301ff907118552c2dda', 'started', 2),
  step('Compiling packages', 'foo/0ee95716c58cf7aab3ef7301ff907118552c2dda', 'finished', 13),
  ev(13, {
    stage: 'Updating instance',
    tags: ['foobar'],
    task: 'foobar/82a2 (0) (canary)',
    state: 'started',
  }),
  ev(14, {
    stage: 'Updating instance',
    tags: ['foobar'],
    task: 'foobar/82a2 (0) (canary)',
    state: 'in_progress',
    data: { status: 'executing pre-stop' },
  }),
  ev(44, {
    stage: 'Updating instance',
    tags: ['foobar'],
    task: 'foobar/82a2 (0) (canary)',
    state: 'finished',
  }),
];

const cases: Case[] = [
  {
    name: 'stages: a finished task completes its own line with the duration since it started',
    chunks: [deploy.join('')],
    state: 'done',
    expected:
      'Task 5\n' +
      '\nTask 5 | 22:15:01 | Preparing deployment: Preparing deployment (00:00:01)' +
      '\nTask 5 | 22:15:02 | Compiling packages: foo/0ee95716c58cf7aab3ef7301ff907118552c2dda (00:00:11)' +
      '\nTask 5 | 22:15:13 | Updating instance foobar: foobar/82a2 (0) (canary)' +
      '\nTask 5 | 22:15:14 | L executing pre-stop: foobar/82a2 (0) (canary) (00:00:31)' +
      '\n\nTask 5 Started  Tue Nov 14 22:15:01 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:44 UTC 2023' +
      '\nTask 5 Duration 00:00:43' +
      '\nTask 5 done\n',
  },
  {
    name: 'lines split across chunks are put together; blank lines are skipped',
    chunks: [deploy[0]?.slice(0, 20) ?? '', (deploy[0]?.slice(20) ?? '') + '\n', deploy[1] ?? ''],
    state: 'done',
    expected:
      'Task 5\n' +
      '\nTask 5 | 22:15:01 | Preparing deployment: Preparing deployment (00:00:01)' +
      '\n\nTask 5 Started  Tue Nov 14 22:15:01 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:02 UTC 2023' +
      '\nTask 5 Duration 00:00:01' +
      '\nTask 5 done\n',
  },
  {
    name: 'a failed task gets `L Error:` under it, the task error `Error:`, and the state at the end',
    chunks: [
      step('Updating instance', 'web/0', 'started', 0),
      step('Updating instance', 'web/0', 'failed', 5, {
        data: { error: "'web/0' is not running after update" },
      }),
      ev(5, { error: { code: 400007, message: "'web/0' is not running after update" } }),
    ],
    state: 'error',
    expected:
      'Task 5\n' +
      '\nTask 5 | 22:15:00 | Updating instance: web/0 (00:00:05)' +
      "«\n                  L Error: 'web/0' is not running after update»" +
      "\nTask 5 | 22:15:05 | «Error: 'web/0' is not running after update»" +
      '\n\nTask 5 Started  Tue Nov 14 22:15:00 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:05 UTC 2023' +
      '\nTask 5 Duration 00:00:05' +
      '\nTask 5 error\n',
  },
  {
    name: 'a failure that is not the previous line is a whole line; the error pad follows the id width',
    chunks: [
      step('Compiling packages', 'a/1', 'started', 0),
      step('Compiling packages', 'b/1', 'started', 1),
      step('Compiling packages', 'a/1', 'failed', 3, { data: { error: 'boom' } }),
    ],
    state: 'error',
    expected:
      'Task 5\n' +
      '\nTask 5 | 22:15:00 | Compiling packages: a/1' +
      '\nTask 5 | 22:15:01 | Compiling packages: b/1' +
      '\nTask 5 | 22:15:03 | Compiling packages: a/1 (00:00:03)«\n                  L Error: boom»' +
      '\n\nTask 5 Started  Tue Nov 14 22:15:00 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:03 UTC 2023' +
      '\nTask 5 Duration 00:00:03' +
      '\nTask 5 error\n',
  },
  {
    name: 'warnings and deprecations are error blocks; progress of a new task prints its line first',
    chunks: [
      ev(0, { type: 'warning', message: 'You have ignored instances. They will not be changed.' }),
      ev(1, { type: 'deprecation', message: 'old stuff' }),
      step('Fetching logs', 'web/0', 'in_progress', 2, { data: { status: 'packing' } }),
      step('Fetching logs', 'web/0', 'finished', 4),
    ],
    state: 'done',
    expected:
      'Task 5\n' +
      '\nTask 5 | 22:15:00 | «Warning: You have ignored instances. They will not be changed.»' +
      '\nTask 5 | 22:15:01 | «Deprecation: old stuff»' +
      '\nTask 5 | 22:15:02 | Fetching logs: web/0\nTask 5 | 22:15:02 | L packing: web/0 (00:00:02)' +
      '\n\nTask 5 Started  Tue Nov 14 22:15:00 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:04 UTC 2023' +
      '\nTask 5 Duration 00:00:04' +
      '\nTask 5 done\n',
  },
  {
    name: 'a finish without its start has no duration',
    chunks: [step('Deleting', 'x', 'finished', 3)],
    state: 'done',
    expected:
      'Task 5\n\nTask 5 | 22:15:03 | Deleting: x ()' +
      '\n\nTask 5 Started  Tue Nov 14 22:15:03 UTC 2023' +
      '\nTask 5 Finished Tue Nov 14 22:15:03 UTC 2023' +
      '\nTask 5 Duration 00:00:00' +
      '\nTask 5 done\n',
  },
  {
    name: 'no output at all: `. Done` on the same line',
    chunks: [],
    state: 'done',
    expected: 'Task 5. Done\n',
  },
  {
    name: 'no output and cancelled: the state title-cased',
    chunks: [],
    state: 'cancelled',
    expected: 'Task 5. Cancelled\n',
  },
];

describe('task reporter (bosh-cli ui/task/reporter.go)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { ui, text } = recorder();
      const r = new TaskReporterImpl(ui, true);
      r.taskStarted(5);
      for (const chunk of c.chunks) r.taskOutputChunk(5, chunk);
      r.taskFinished(5, c.state);
      expect(text()).toBe(c.expected);
    });
  }

  it('passes raw output through after an empty line (--debug, --cpi, --result, --event)', () => {
    const { ui, text } = recorder();
    const r = new TaskReporterImpl(ui, false);
    r.taskStarted(12);
    r.taskOutputChunk(12, 'I, [2024-01-01] INFO -- one\n');
    r.taskOutputChunk(12, '{"time":1}\n');
    r.taskFinished(12, 'done');
    expect(text()).toBe('Task 12\n\nI, [2024-01-01] INFO -- one\n{"time":1}\n\nTask 12 done\n');
  });

  it('ends the previous task line before starting another task', () => {
    const { ui, text } = recorder();
    const r = new TaskReporterImpl(ui, true);
    r.taskStarted(1);
    r.taskFinished(1, 'done');
    r.taskStarted(2);
    r.taskFinished(2, 'error');
    expect(text()).toBe('Task 1. Done\n\nTask 2. Error\n');
  });

  it('panics on a line that is not JSON, as bosh-cli does', () => {
    const r = new TaskReporterImpl(recorder().ui, true);
    r.taskStarted(1);
    expect(() => {
      r.taskOutputChunk(1, 'nope\n');
    }).toThrow("unmarshal chunk 'nope'");
  });

  it('formats times and durations as ui/fmt does', () => {
    expect(unixDate(1486172175)).toBe('Sat Feb  4 01:36:15 UTC 2017');
    expect(durationOf(3725)).toBe('01:02:05');
    expect(durationOf(360000)).toBe('100:00:00');
  });
});
