import { describe, expect, it } from 'vitest';
import { MonitConfigError } from './monit-errors.js';
import { parseMonitFile } from './monit-parser.js';
import { planServices, type JobMonitFiles } from './service-plan.js';

const job = (name: string, text: string): JobMonitFiles => ({
  job: name,
  files: [parseMonitFile(text, `${name}/monit`)],
});

const proc = (name: string, extra = '', group = 'vcap'): string =>
  `check process ${name}\n  with pidfile /run/${name}.pid\n  start program "/bin/true"\n  group ${group}\n${extra}`;

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof MonitConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('planServices', () => {
  it('keeps control-file order and resolves dependencies across jobs', () => {
    const plan = planServices([
      job(
        'director',
        proc('director', '  depends on postgres, nats\n') + proc('worker_1', '  depends on director\n'),
      ),
      job('nats', proc('nats')),
      job('postgres', proc('postgres')),
    ]);
    expect(plan.services.map((s) => `${s.job}/${s.name}`)).toEqual([
      'director/director',
      'director/worker_1',
      'nats/nats',
      'postgres/postgres',
    ]);
    expect(plan.services[0]?.dependsOn).toEqual(['postgres', 'nats']);
    expect(plan.warnings).toEqual([]);
  });

  it('supervises only group vcap and what it depends on; others are reported as warnings', () => {
    const plan = planServices([
      job(
        'a',
        proc('web', '  depends on helper\n') + proc('helper', '', 'other') + proc('lonely', '', 'other'),
      ),
    ]);
    expect(plan.services.map((s) => [s.name, s.reported])).toEqual([
      ['web', true],
      ['helper', false],
    ]);
    expect(plan.warnings).toEqual([
      "'check process lonely' (job 'a') is not in group 'vcap' and is not supervised",
    ]);
  });

  it('treats a dependency on a check file as met', () => {
    const plan = planServices([
      job('g', proc('garden', '  depends on cfg\n') + 'check file cfg with path /etc/x\n'),
    ]);
    expect(plan.services.map((s) => [s.name, s.dependsOn])).toEqual([['garden', []]]);
  });

  it('reports name conflicts, unknown dependencies and loops together', () => {
    expect(
      problems(() =>
        planServices([job('a', proc('x') + proc('y', '  depends on ghost\n')), job('b', proc('x'))]),
      ),
    ).toEqual([
      "Service name conflict, 'x' is defined in 'a/monit' and 'b/monit'",
      "a/monit:5: 'check process y' depends on 'ghost', which is not defined",
    ]);
    expect(
      problems(() =>
        planServices([
          job(
            'a',
            proc('p', '  depends on q\n') + proc('q', '  depends on r\n') + proc('r', '  depends on p\n'),
          ),
        ]),
      ),
    ).toEqual(["Found a depend loop in the control file involving the service 'p' (p -> q -> r -> p)"]);
  });

  it('plans nothing for no jobs', () => {
    expect(planServices([])).toEqual({ services: [], warnings: [] });
  });
});
