import { describe, expect, it } from 'vitest';
import { checkJobStates, requestedState } from './instance-state.js';
import { apply, desired, EMPTY, ids, plan } from './test-fixtures.js';
import type { CurrentDeployment, DeploymentPlan, InstanceState, PlanOptions } from './types.js';

/** A deployed state of the fixtures (3 web, 2 db), with some instances' stored states changed. */
function deployed(
  states: Readonly<Record<string, InstanceState>> = {},
  ignore: string[] = [],
): CurrentDeployment {
  const d = desired();
  const current = apply(d, plan(d, EMPTY, {}, ids('uuid')));
  return {
    ...current,
    instances: current.instances.map((i) => {
      const key = `${i.group}/${String(i.index)}`;
      return { ...i, state: states[key] ?? i.state, ignore: ignore.includes(key) };
    }),
  };
}

/** `<group>/<index>:<action>:<state>:<changes>` of every instance that is not kept as it is. */
function changed(p: DeploymentPlan): string[] {
  return p.groups
    .flatMap((g) => g.instances)
    .filter((i) => i.action !== 'keep' && i.action !== 'ignore')
    .map((i) => `${i.group}/${String(i.index)}:${i.action}:${i.state}:${i.changes.join(',')}`)
    .sort();
}

const run = (current: CurrentDeployment, options: PlanOptions, k = {}) => plan(desired(k), current, options);

describe('the state a deploy wants for an instance (state_for_instance || stored state)', () => {
  it('keeps a stopped or detached instance as it is on a plain deploy', () => {
    const p = run(deployed({ 'web/1': 'stopped', 'db/0': 'detached' }), {});
    expect(changed(p)).toEqual([]);
  });

  it('stops one instance by index (or uuid), the rest untouched', () => {
    const current = deployed();
    const byIndex = run(current, { jobStates: { web: { instanceStates: { '1': 'stopped' } } } });
    expect(changed(byIndex)).toEqual(['web/1:update:stopped:state']);
    const uuid = current.instances.find((i) => i.group === 'db' && i.index === 0)?.uuid ?? '';
    const byUuid = run(current, { jobStates: { db: { instanceStates: { [uuid]: 'detached' } } } });
    expect(changed(byUuid)).toEqual(['db/0:update:detached:state']);
  });

  it('lets a named group override `*`, and the override replaces the manifest state', () => {
    const p = run(
      deployed(),
      { jobStates: { '*': { state: 'stopped' }, db: { state: 'started' } } },
      {
        dbState: 'stopped',
      },
    );
    expect(changed(p)).toEqual([
      'web/0:update:stopped:state',
      'web/1:update:stopped:state',
      'web/2:update:stopped:state',
    ]);
  });

  it('restarts every instance of a group (a stopped one is started), keeping the VM', () => {
    const p = run(deployed({ 'db/1': 'stopped' }), { jobStates: { db: { state: 'restart' } } });
    expect(changed(p)).toEqual(['db/0:update:started:restart', 'db/1:update:started:restart,state']);
    expect(p.groups[1]?.instances.every((i) => !i.needsRecreate)).toBe(true);
  });

  it('recreates the VM of one instance; a detached one just gets its VM back', () => {
    const current = deployed();
    const p = run(current, { jobStates: { web: { instanceStates: { '2': 'recreate' } } } });
    expect(changed(p)).toEqual(['web/2:recreate:started:recreate']);
    const detached: CurrentDeployment = {
      ...current,
      instances: current.instances.map((i) =>
        i.group === 'web' && i.index === 2 ? { ...i, state: 'detached' as const, vm: null } : i,
      ),
    };
    const back = run(detached, { jobStates: { web: { state: 'started' } } });
    expect(changed(back)).toEqual(['web/2:update:started:state']);
    expect(back.groups[0]?.instances.find((i) => i.index === 2)?.vmCid).toBeNull();
  });

  it('starts new instances whatever the group state (BOSH creates them started)', () => {
    const p = plan(desired({ dbState: 'stopped' }), EMPTY);
    expect(p.groups[1]?.instances.map((i) => i.state)).toEqual(['started', 'started']);
  });

  it('skips the drain of the listed groups only', () => {
    const p = run(deployed(), { jobStates: { '*': { state: 'stopped' } }, skipDrainGroups: ['db'] });
    const skip = p.groups.map((g) => `${g.name}:${g.instances.map((i) => String(i.skipDrain)).join()}`);
    expect(skip).toEqual(['web:false,false,false', 'db:true,true']);
  });

  it('refuses to change the state of an ignored instance named by index', () => {
    const current = deployed({}, ['web/1']);
    const uuid = current.instances.find((i) => i.group === 'web' && i.index === 1)?.uuid ?? '';
    expect(() => run(current, { jobStates: { web: { instanceStates: { '1': 'stopped' } } } })).toThrow(
      `You are trying to change the state of the ignored instance 'web/${uuid}'. This operation is not allowed. ` +
        'You need to unignore it first.',
    );
    // The whole group's state leaves the ignored instance alone.
    expect(changed(run(current, { jobStates: { web: { state: 'stopped' } } }))).toEqual([
      'web/0:update:stopped:state',
      'web/2:update:stopped:state',
    ]);
  });
});

describe('checkJobStates', () => {
  const manifest = desired().manifest;
  const valid = 'valid states are: started, stopped, detached, recreate, restart';

  it("refuses an unknown group or instance state in BOSH's words, ignoring groups the manifest lacks", () => {
    expect(() => {
      checkJobStates(manifest, { jobStates: { '*': { state: 'paused' } } });
    }).toThrow(`Invalid state 'paused' for 'web', ${valid}`);
    expect(() => {
      checkJobStates(manifest, { jobStates: { db: { instanceStates: { '1': 'gone' } } } });
    }).toThrow(`Invalid state 'gone' for 'db/1', ${valid}`);
    checkJobStates(manifest, { jobStates: { nope: { state: 'paused' } } });
  });

  it('gives an instance its own state first, then the group state, then the stored one', () => {
    const group = manifest.instanceGroups[0];
    if (group === undefined) throw new Error('no web group');
    const i = { uuid: 'u', index: 1, state: 'stopped' as const };
    expect(requestedState(group, {}, i)).toBe('stopped');
    expect(requestedState(group, { jobStates: { web: { state: 'restart' } } }, i)).toBe('restart');
    const both = {
      jobStates: { web: { state: 'restart', instanceStates: { u: 'detached', '1': 'started' } } },
    };
    expect(requestedState(group, both, i)).toBe('detached');
  });
});
