import { beforeEach, describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { plainYaml } from '../config/plain-yaml.js';
import type { JobHarness } from '../../testing/director-job-harness.js';
import { withSeededDemo, type SeededInstance } from '../../testing/instance-access-fixtures.js';
import { routesApi } from '../../testing/director-api-harness.js';
import { instanceStateRoutes, validateIndexOrId } from './instance-state-routes.js';

const MANIFEST = 'name: demo\ninstance_groups: []\n';

const NO_IDS = { releaseVersionIds: [], stemcellIds: [], configIds: [] };

let h: JobHarness;
let web: SeededInstance[];
withSeededDemo({ count: 2 }, (seeded) => ({ h, web } = seeded));
beforeEach(async () => {
  const d = await h.store.deployments.findOrCreate('demo');
  await h.store.deployments.update(d.id, { manifestText: MANIFEST, ...NO_IDS });
});

async function call(method: 'PUT' | 'POST', path: string, body = '') {
  const app = routesApi(h.store, [instanceStateRoutes]);
  const res = await app.inject({
    method,
    url: path,
    payload: body,
    headers: { 'content-type': 'text/yaml' },
  });
  await app.close();
  const [task] = await h.store.tasks.list({});
  const isJson = String(res.headers['content-type']).startsWith('application/json');
  const json = isJson ? (JSON.parse(res.body) as unknown) : res.body;
  return { status: res.statusCode, json, location: res.headers.location, task };
}

describe('PUT /deployments/:d/jobs/... (converging start/stop/restart/recreate)', () => {
  it('queues `create deployment` of the stored manifest with the group state and the flags', async () => {
    const r = await call(
      'PUT',
      '/deployments/demo/jobs/web?state=stopped&skip_drain=true&canaries=2&fix=true',
    );
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/tasks/${String(r.task?.id)}`);
    expect(r.task).toMatchObject({
      type: 'update_deployment',
      description: 'create deployment',
      deploymentName: 'demo',
      payload: {
        manifestText: MANIFEST,
        options: { skip_drain: 'web', canaries: '2', fix: 'true' },
        jobStates: { web: { state: 'stopped' } },
      },
    });
  });

  it('takes `*` for every group, and says so in the description of a dry run', async () => {
    const r = await call('PUT', '/deployments/demo/jobs/*?state=recreate&dry_run=true&max_in_flight=50%25');
    expect(r.task).toMatchObject({
      description: 'create deployment (dry run)',
      payload: {
        options: { dry_run: 'true', max_in_flight: '50%' },
        jobStates: { '*': { state: 'recreate' } },
      },
    });
  });

  it('names one instance by its index, whether the URL gave the index or the uuid; no canaries', async () => {
    const byUuid = await call(
      'PUT',
      `/deployments/demo/jobs/web/${web[1]?.uuid ?? ''}?state=detached&canaries=3`,
    );
    expect(byUuid.task?.payload).toEqual({
      manifestText: MANIFEST,
      options: {},
      jobStates: { web: { instance_states: { '1': 'detached' } } },
    });
  });

  it('deploys a manifest sent in the body, renamed to the deployment', async () => {
    const r = await call('PUT', '/deployments/demo/jobs/web?state=started', 'name: other\nfoo: 1\n');
    const payload = r.task?.payload as { manifestText: string };
    expect(plainYaml(parseYaml(payload.manifestText))).toEqual({ foo: 1, name: 'demo' });
  });

  it('queues for an instance named by its index', async () => {
    const byIndex = await call('PUT', '/deployments/demo/jobs/web/0?state=stopped');
    expect(byIndex.status).toBe(302);
    expect((byIndex.task?.payload as { jobStates: unknown }).jobStates).toEqual({
      web: { instance_states: { '0': 'stopped' } },
    });
  });
});

describe('POST /deployments/:d/instance_groups/:ig/:id/actions/... (--no-converge)', () => {
  it.each([
    ['stop?skip_drain=true&hard=true', 'stop instance', 'stop', { skip_drain: true, hard: true }],
    ['start?skip_drain=true', 'start instance', 'start', {}],
    ['restart?skip_drain=true&hard=true', 'restart instance', 'restart', { skip_drain: true }],
    [
      'recreate?ignore_unresponsive_agent=true',
      'recreate instance',
      'restart',
      { skip_drain: false, hard: true, ignore_unresponsive_agent: true },
    ],
  ])('%s queues `%s` (action %s)', async (tail, description, action, options) => {
    const r = await call('POST', `/deployments/demo/instance_groups/web/1/actions/${tail}`);
    expect(r.status).toBe(302);
    expect(r.task).toMatchObject({ type: 'update_instance', description, deploymentName: 'demo' });
    expect(r.task?.payload).toEqual({ deployment: 'demo', instanceId: web[1]?.id, action, options });
  });

  it('other actions are unknown endpoints', async () => {
    const other = await call('POST', '/deployments/demo/instance_groups/web/0/actions/explode');
    expect(other.status).toBe(404);
    expect(other.task).toBeUndefined();
  });
});

const UUID = '11111111-2222-4333-8444-555555555555';

describe("BOSH's errors for an unknown deployment, a bad index or id and an unknown instance", () => {
  it.each([
    ['PUT', '/deployments/nope/jobs/web?state=stopped', 404, 70000, "Deployment 'nope' doesn't exist"],
    ['PUT', '/deployments/demo/jobs/web/abc?state=stopped', 400, 70002, "Invalid instance index or id 'abc'"],
    ['PUT', '/deployments/demo/jobs/web/7?state=stopped', 404, 70001, "'demo/web/7' doesn't exist"],
    ['PUT', `/deployments/demo/jobs/db/${UUID}?state=stopped`, 404, 70001, `'demo/db/${UUID}' doesn't exist`],
    [
      'POST',
      '/deployments/demo/instance_groups/web/x/actions/stop',
      400,
      70002,
      "Invalid instance index or id 'x'",
    ],
    ['POST', '/deployments/demo/instance_groups/db/0/actions/start', 404, 70001, "'demo/db/0' doesn't exist"],
  ] as const)('%s %s', async (method, path, status, code, description) => {
    expect(await call(method, path)).toMatchObject({ status, json: { code, description } });
  });
});

describe('validateIndexOrId', () => {
  it("accepts what Ruby's Integer() parses and uuid-shaped ids", () => {
    for (const ok of ['0', '12', '-1', '0x1f', '1_000', ' 3 ', '017', web[0]?.uuid ?? ''])
      validateIndexOrId(ok);
    for (const bad of ['abc', '08', '1.5', '', 'web/0'])
      expect(() => {
        validateIndexOrId(bad);
      }).toThrow(`Invalid instance index or id '${bad}'`);
  });
});
