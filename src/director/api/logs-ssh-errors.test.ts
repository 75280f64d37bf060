import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentState } from '../../ports/director-store.js';
import { openJobHarness, type JobHarness } from '../../testing/director-job-harness.js';
import { seedDemo, type SeededInstance } from '../../testing/instance-access-fixtures.js';
import { logsInstanceIds } from './logs-ssh-routes.js';

let h: JobHarness;
let web: SeededInstance[];
let state: DeploymentState;
beforeEach(async () => {
  h = await openJobHarness();
  web = await seedDemo(h, { count: 2, withoutVm: [1] });
  const found = await h.store.deployments.state('demo');
  if (found === undefined) throw new Error('demo not seeded');
  state = found;
});
afterEach(async () => {
  await h.close();
});

const NO_VM = expect.objectContaining({
  message: "No appropriate instance with a VM was found in deployment 'demo'",
}) as unknown;

describe('logsInstanceIds', () => {
  it('takes the targeted instances that have a VM', () => {
    expect(logsInstanceIds(state, 'web', null)).toEqual([web[0]?.id]);
  });

  // The route answers this plain Ruby raise with a 500 and an empty body (logs-ssh-routes.test.ts): the text is
  // what the director logs.
  it('names the deployment when no targeted instance has a VM', () => {
    expect(() => logsInstanceIds(state, 'web', '1')).toThrow(NO_VM);
    expect(() => logsInstanceIds(state, 'web', web[1]?.uuid ?? '')).toThrow(NO_VM);
  });
});
