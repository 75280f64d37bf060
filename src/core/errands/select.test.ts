import { describe, expect, it } from 'vitest';
import { BoshError } from '../errors.js';
import {
  AMBIGUOUS_WARNING,
  errandNames,
  errandSummary,
  matchInstances,
  PARALLEL_WARNING,
  refuseStopped,
  selectErrand,
  type ErrandGroup,
  type ErrandInstance,
  type InstanceFilter,
} from './index.js';

const inst = (group: string, index: number, state = 'started'): ErrandInstance => ({
  group,
  uuid: `${group}-uuid-${String(index)}`,
  index,
  state,
});

const web: ErrandGroup = {
  name: 'web',
  lifecycle: 'service',
  jobs: ['nginx', 'status'],
  instances: [inst('web', 0), inst('web', 1)],
};
const smoke: ErrandGroup = {
  name: 'smoke',
  lifecycle: 'errand',
  jobs: ['smoke-tests'],
  instances: [inst('smoke', 0), inst('smoke', 1)],
};

const filter = (group: string, id: string | null = null): InstanceFilter => ({
  group,
  id,
  original: id === null ? `{"group" => "${group}"}` : `{"group" => "${group}", "id" => "${id}"}`,
});

const failure = (work: () => unknown): [string, string] => {
  try {
    work();
  } catch (e) {
    if (e instanceof BoshError) return [e.kind, e.message];
    throw e;
  }
  throw new Error('expected a BoshError');
};

describe('errand names', () => {
  it('lists errand groups, then jobs with bin/run, each once', () => {
    expect(
      errandNames([
        { name: 'web', lifecycle: 'service', jobs: [{ name: 'status', templateDestinations: ['bin/run'] }] },
        {
          name: 'smoke',
          lifecycle: 'errand',
          jobs: [{ name: 'status', templateDestinations: ['bin/run.ps1'] }],
        },
        { name: 'db', lifecycle: 'service', jobs: [{ name: 'pg', templateDestinations: ['bin/pg_ctl'] }] },
      ]),
    ).toEqual(['smoke', 'status']);
  });
});

describe('instance matcher', () => {
  const all = [inst('web', 0), inst('web', 1), inst('db', 0)];
  it('matches groups, indexes, uuids and first; reports what matched nothing', () => {
    expect(matchInstances([], all).matched).toHaveLength(3);
    expect(matchInstances([filter('web')], all).matched.map((i) => i.index)).toEqual([0, 1]);
    expect(matchInstances([filter('web', '1')], all).matched.map((i) => i.uuid)).toEqual(['web-uuid-1']);
    expect(matchInstances([filter('web', 'web-uuid-0')], all).matched).toHaveLength(1);
    expect(matchInstances([filter('web', 'first')], all).matched.map((i) => i.uuid)).toEqual(['web-uuid-0']);
    expect(matchInstances([filter('web', '7'), filter('db')], all).unmatched).toEqual([
      '{"group" => "web", "id" => "7"}',
    ]);
    expect(matchInstances([filter('web')], [])).toEqual({ matched: [], unmatched: [] });
  });
});

describe('selectErrand', () => {
  it('runs a colocated errand on every matching instance of every group with the job', () => {
    const s = selectErrand('d', [web, smoke], 'status', []);
    expect(s.isJobName).toBe(true);
    expect(s.steps.map((x) => x.instance.uuid)).toEqual(['web-uuid-0', 'web-uuid-1']);
    expect(s.warnings).toEqual([PARALLEL_WARNING]);
    const one = selectErrand('d', [web, smoke], 'status', [filter('web', '1')]);
    expect(one.steps.map((x) => [x.lifecycle, x.instance.uuid])).toEqual([['service', 'web-uuid-1']]);
    expect(one.warnings).toEqual([]);
  });

  it('runs an errand group on its first instance only', () => {
    const s = selectErrand('d', [web, smoke], 'smoke', []);
    expect(s.isJobName).toBe(false);
    expect(s.steps).toEqual([{ group: 'smoke', lifecycle: 'errand', instance: smoke.instances[0] }]);
  });

  it('prefers the job when a name is both, with BOSH’s warning', () => {
    const both: ErrandGroup = { ...smoke, name: 'status', jobs: ['status'] };
    const s = selectErrand('d', [web, both], 'status', [filter('web', '0')]);
    expect(s.warnings).toEqual([AMBIGUOUS_WARNING('status')]);
    expect(AMBIGUOUS_WARNING('status')).toBe(
      "Ambiguous request: the requested errand name 'status' matches both a job name and an errand instance " +
        "group name. Executing errand on all relevant instances with job 'status'.",
    );
    expect(s.steps.map((x) => x.instance.uuid)).toEqual(['web-uuid-0']);
  });

  it("refuses in BOSH's words", () => {
    expect(failure(() => selectErrand('d', [web], 'nope', []))).toEqual([
      'JobNotFound',
      "Errand 'nope' doesn't exist",
    ]);
    expect(failure(() => selectErrand('d', [web], 'web', []))).toEqual([
      'RunErrandError',
      "Instance group 'web' is not an errand. To mark an instance group as an errand set its lifecycle to " +
        "'errand' in the deployment manifest.",
    ]);
    expect(failure(() => selectErrand('d', [web, { ...smoke, instances: [] }], 'smoke', []))).toEqual([
      'InstanceNotFound',
      "Instance 'd/smoke/0' doesn't exist",
    ]);
    expect(failure(() => selectErrand('d', [web, smoke], 'smoke', [filter('smoke')]))).toEqual([
      'RunErrandError',
      'Filtering by instances is not supported when running errand by instance group name',
    ]);
    expect(failure(() => selectErrand('d', [web], 'status', [filter('web', '5')]))).toEqual([
      'DirectorError',
      'No instances match selection criteria: [{"group" => "web", "id" => "5"}]',
    ]);
    const stopped = [inst('web', 0, 'stopped'), inst('web', 1, 'stopped'), inst('db', 0, 'stopped')];
    const running = [inst('web', 0, 'stopped'), inst('web', 1)];
    expect(() => {
      refuseStopped([filter('web', '1')], running);
    }).not.toThrow();
    expect(
      failure(() => {
        refuseStopped([filter('web')], stopped);
      }),
    ).toEqual([
      'RunErrandError',
      "Instance(s) 'web/web-uuid-0','web/web-uuid-1' is stopped, unable to run errand. Maybe start vm?",
    ]);
  });
});

describe('errand summary', () => {
  it('counts succeeded, errored and canceled runs', () => {
    expect(errandSummary([{ exitCode: 0 }, { exitCode: 1 }, { exitCode: 128 }, { exitCode: 143 }])).toBe(
      '1 succeeded, 2 errored, 1 canceled',
    );
  });
});
