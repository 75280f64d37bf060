import { describe, expect, it } from 'vitest';
import type { JobHarness } from '../../testing/director-job-harness.js';
import { withSeededDemo, type SeededInstance } from '../../testing/instance-access-fixtures.js';
import { routesApi } from '../../testing/director-api-harness.js';
import { logsSshRoutes, splitFilters } from './logs-ssh-routes.js';

let h: JobHarness;
let web: SeededInstance[];
withSeededDemo({ count: 3, withoutVm: [2] }, (seeded) => ({ h, web } = seeded));

const api = (scopes = ['bosh.admin']) => routesApi(h.store, [logsSshRoutes], { scopes });

async function logs(path: string, scopes?: string[]) {
  const app = api(scopes);
  const res = await app.inject({ method: 'GET', url: `/deployments/${path}` });
  await app.close();
  const [task] = await h.store.tasks.list({});
  return { status: res.statusCode, body: res.body, location: res.headers.location, task };
}

describe('GET /deployments/:d/jobs/:job/:index_or_id/logs', () => {
  it('queues a `fetch logs` task for one instance, by index or uuid, with the type and split filters', async () => {
    const byIndex = await logs('demo/jobs/web/1/logs?type=agent&filters=a,b%20c,');
    expect(byIndex.status).toBe(302);
    expect(byIndex.location).toBe(`/tasks/${String(byIndex.task?.id)}`);
    expect(byIndex.task).toMatchObject({
      type: 'fetch_logs',
      description: 'fetch logs',
      deploymentName: 'demo',
      payload: { deployment: 'demo', instanceIds: [web[1]?.id], type: 'agent', filters: ['a', 'b', 'c'] },
    });
    const byUuid = await logs(`demo/jobs/web/${web[0]?.uuid ?? ''}/logs?type=job`);
    expect(byUuid.task?.payload).toMatchObject({ instanceIds: [web[0]?.id], filters: [] });
  });

  it('takes every instance with a VM for `*`', async () => {
    const all = await logs('demo/jobs/*/*/logs?type=job');
    expect(all.task?.payload).toMatchObject({ instanceIds: [web[0]?.id, web[1]?.id] });
  });

  it("answers BOSH's errors for an unknown deployment or instance", async () => {
    const noDeployment = await logs('nope/jobs/web/0/logs?type=job');
    expect([noDeployment.status, JSON.parse(noDeployment.body)]).toEqual([
      404,
      { code: 70000, description: "Deployment 'nope' doesn't exist" },
    ]);
    const noIndex = await logs('demo/jobs/web/7/logs?type=job');
    expect([noIndex.status, JSON.parse(noIndex.body)]).toEqual([
      404,
      { code: 70001, description: "'demo/web/7' doesn't exist" },
    ]);
    const noUuid = await logs('demo/jobs/db/abc/logs?type=job');
    expect(JSON.parse(noUuid.body)).toEqual({
      code: 70001,
      description: 'No instances matched {uuid: "abc", job: "db", deployment_id: 1}',
    });
    expect(noUuid.task).toBeUndefined();
  });

  it('answers 500 with an empty body when no targeted instance has a VM (a plain Ruby raise)', async () => {
    const res = await logs('demo/jobs/web/2/logs?type=job');
    expect([res.status, res.body, res.task]).toEqual([500, '', undefined]);
  });

  it("needs the deployment's admin", async () => {
    const res = await logs('demo/jobs/web/0/logs?type=job', ['bosh.read']);
    expect([res.status, JSON.parse(res.body)]).toEqual([
      401,
      { code: 600000, description: 'Require one of the scopes: bosh.admin, bosh.uuid.admin' },
    ]);
  });

  it('looks the deployment up before the permission: an unknown one is a 404 even without admin', async () => {
    const res = await logs('nope/jobs/web/0/logs?type=job', ['bosh.read']);
    expect([res.status, JSON.parse(res.body)]).toEqual([
      404,
      { code: 70000, description: "Deployment 'nope' doesn't exist" },
    ]);
  });
});

describe('POST /deployments/:d/ssh', () => {
  it('queues an `ssh` task described with the command and the target as Ruby prints them', async () => {
    const app = api();
    const body = {
      command: 'setup',
      deployment_name: 'demo',
      params: { public_key: 'ssh-rsa AAAA\n', user: 'bosh_abc' },
      target: { ids: ['0'], indexes: ['0'], job: 'web' },
    };
    const res = await app.inject({ method: 'POST', url: '/deployments/demo/ssh', payload: body });
    await app.close();
    expect(res.statusCode).toBe(302);
    const [task] = await h.store.tasks.list({});
    expect(task).toMatchObject({
      type: 'ssh',
      description: 'ssh: setup:{"ids" => ["0"], "indexes" => ["0"], "job" => "web"}',
      deploymentName: 'demo',
      payload: { deployment: 'demo', options: body },
    });
  });

  it("answers BOSH's 404 for an unknown deployment", async () => {
    const app = api();
    const res = await app.inject({ method: 'POST', url: '/deployments/nope/ssh', payload: {} });
    await app.close();
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([
      404,
      { code: 70000, description: "Deployment 'nope' doesn't exist" },
    ]);
  });
});

describe('splitFilters', () => {
  it("splits as Ruby's split(/[\\s,]+/): trailing empties dropped, a leading one kept", () => {
    expect(splitFilters('')).toEqual([]);
    expect(splitFilters('a, b,,c ,')).toEqual(['a', 'b', 'c']);
    expect(splitFilters(',a')).toEqual(['', 'a']);
  });
});
