import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstancePlan } from '../../core/planner/index.js';
import { parseYaml } from '../../base/yaml/parse.js';
import {
  manifestVariables,
  openFixture,
  type ConfigServerFixture,
} from '../../testing/director-config-server-fixture.js';
import type { Resolved } from './prepare.js';
import type { DeployDeps } from './types.js';
import { finishVariableSet, lockVariableSet, openVariableSet } from './variable-sets.js';

let fx: ConfigServerFixture;
let clock = 1;
beforeEach(async () => {
  fx = await openFixture();
});
afterEach(() => fx.close());

const TEXT = 'name: dep\nvariables: [{name: pw, type: password}]\n';
const r = {
  manifest: { features: { convergeVariables: false }, variables: manifestVariables(parseYaml(TEXT)) },
  stemcells: new Map(),
} as unknown as Resolved;
const deps = () =>
  ({ store: fx.store, configServer: { server: fx.server, directorName: 'dir' } }) as unknown as DeployDeps;

async function open(deploy: boolean) {
  const d = await fx.store.deployments.findOrCreate('dep');
  return openVariableSet(deps(), r, d, { deploy, forceLatestVariables: false, now: clock++ });
}

const plan = (uuid: string, action: InstancePlan['action'] = 'keep') => ({ uuid, action }) as InstancePlan;

describe('variable sets over deploys', () => {
  it('a deploy starts a writable set with the generated variables; success records, marks and prunes', async () => {
    const first = await open(true);
    expect(first.writable).toBe(true);
    const [pw] = await fx.store.variables.list(first.id);
    expect(pw).toMatchObject({ variableName: '/dir/dep/pw', isLocal: true });
    const instance = await fx.store.instances.create({
      deploymentId: first.deploymentId,
      job: 'web',
      index: 0,
      uuid: 'u0',
      state: 'started',
      variableSetId: first.id,
    });
    await finishVariableSet(deps(), first, [plan('u0')], new Map([['u0', instance.id]]));
    await lockVariableSet(deps(), first);
    expect(await fx.store.variables.getSet(first.id)).toMatchObject({
      deployedSuccessfully: true,
      writable: false,
    });

    // The next deploy: a new set, the same version of the value; the first set goes once no instance uses it.
    const second = await open(true);
    expect(second.id).not.toBe(first.id);
    expect((await fx.store.variables.list(second.id))[0]?.variableId).toBe(pw?.variableId);
    await finishVariableSet(deps(), second, [plan('u0')], new Map([['u0', instance.id]]));
    expect((await fx.store.instances.get(instance.id))?.variableSetId).toBe(second.id);
    expect((await fx.store.variables.sets(first.deploymentId)).map((s) => s.id)).toEqual([second.id]);
  });

  it('an ignored instance keeps its set; a failed deploy leaves the last successful set for other actions', async () => {
    const good = await open(true);
    const instance = await fx.store.instances.create({
      deploymentId: good.deploymentId,
      job: 'web',
      index: 0,
      uuid: 'u0',
      state: 'started',
      variableSetId: good.id,
    });
    await finishVariableSet(deps(), good, [plan('u0')], new Map([['u0', instance.id]]));
    const next = await open(true);
    await finishVariableSet(deps(), next, [plan('u0', 'ignore')], new Map([['u0', instance.id]]));
    expect((await fx.store.instances.get(instance.id))?.variableSetId).toBe(good.id);

    const failed = await open(true);
    await lockVariableSet(deps(), failed);
    expect((await fx.store.variables.getSet(failed.id))?.writable).toBe(false);
    expect((await open(false)).id).toBe(next.id);
  });

  it('locks the set the deploy opened, not a newer one a waiting deploy opened', async () => {
    const mine = await open(true);
    const waiting = await open(true);
    await lockVariableSet(deps(), mine);
    expect((await fx.store.variables.getSet(mine.id))?.writable).toBe(false);
    expect((await fx.store.variables.getSet(waiting.id))?.writable).toBe(true);
  });
});
