import { describe, expect, it } from 'vitest';
import { formatPlan } from './format.js';
import { IGNORED_WARNING } from './plan-deployment.js';
import { apply, desired, EMPTY, ids, plan, type ManifestKnobs } from './test-fixtures.js';
import type { CurrentDeployment, DeploymentPlan, InstancePlan } from './types.js';

const group = (p: DeploymentPlan, name: string) => {
  const g = p.groups.find((x) => x.name === name);
  if (!g) throw new Error(`no group ${name}`);
  return g;
};
const summary = (ps: readonly InstancePlan[]) =>
  ps.map((i) => `${i.index}:${i.az ?? '-'}:${i.action}`).sort();

/** A deployed state: first deploy of `k`, applied. */
function deployed(k: ManifestKnobs = {}): CurrentDeployment {
  const d = desired(k);
  return apply(d, plan(d, EMPTY, {}, ids('uuid')));
}

describe('planDeployment: fresh deploy', () => {
  const p = plan(desired(), EMPTY, {}, ids('uuid'));
  const web = group(p, 'web');

  it('creates 3 web instances over 2 AZs with indexes 0..2 and new uuids', () => {
    expect(summary(web.instances)).toEqual(['0:z1:create', '1:z2:create', '2:z1:create']);
    expect(web.instances.map((i) => i.uuid).sort()).toEqual(['uuid-1', 'uuid-2', 'uuid-3']);
    expect(web.obsolete).toEqual([]);
  });

  it('names instances as BOSH prints them and elects index 0 as bootstrap', () => {
    const boot = web.instances.filter((i) => i.bootstrap);
    expect(boot.map((i) => i.name)).toEqual(['web/uuid-1 (0)']);
    expect(web.instances[0]?.bootstrap).toBe(true);
  });

  it('reserves dynamic IPs in each AZ subnet and the manifest static IPs', () => {
    const ips = web.instances.map((i) => `${i.az}:${i.ips.map((x) => `${x.ip}/${x.type}`).join()}`).sort();
    expect(ips).toEqual(['z1:10.0.1.21/dynamic', 'z1:10.0.1.22/dynamic', 'z2:10.0.2.21/dynamic']);
    const db = group(p, 'db').instances.map((i) => i.ips.map((x) => `${x.ip}/${x.type}`).join());
    expect(db.sort()).toEqual(['10.0.1.10/static', '10.0.1.11/static']);
    expect(p.reservations).toHaveLength(5);
  });

  it('orders batches: canary first in the first AZ, then max_in_flight waves, AZ by AZ', () => {
    const batches = p.batches.map(
      (b) => `${b.group}:${b.az}:${b.canary ? 'c' : 'r'}:${b.instances.map((i) => i.index).join()}`,
    );
    expect(batches).toEqual(['web:z1:c:0', 'web:z1:r:2', 'web:z2:r:1', 'db:z1:c:0', 'db:z1:r:1']);
  });
});

describe('planDeployment: redeploys', () => {
  it('an unchanged deploy has no changes and no batches', () => {
    const current = deployed();
    const p = plan(desired(), current);
    const all = p.groups.flatMap((g) => [...g.instances, ...g.obsolete]);
    expect(all.every((i) => i.action === 'keep' && i.changes.length === 0)).toBe(true);
    expect(p.batches).toEqual([]);
    expect(p.reservations).toHaveLength(5);
  });

  it.each([
    { name: 'changed stemcell', k: {}, stemcell: '1.2', options: {}, action: 'recreate', change: 'stemcell' },
    {
      name: '--recreate',
      k: {},
      stemcell: '1.1',
      options: { recreate: true },
      action: 'recreate',
      change: 'recreate',
    },
    {
      name: 'changed property',
      k: { property: '8080' },
      stemcell: '1.1',
      options: {},
      action: 'update',
      change: 'configuration',
    },
  ])('$name → every web instance is $action ($change)', ({ k, stemcell, options, action, change }) => {
    const current = deployed();
    const p = plan(desired(k, stemcell), current, options);
    const web = group(p, 'web').instances;
    expect(web.map((i) => i.action)).toEqual([action, action, action]);
    expect(web.every((i) => i.changes.join() === change)).toBe(true);
    expect(web.every((i) => i.needsRecreate === (action === 'recreate'))).toBe(true);
    expect(web.every((i) => i.needsShuttingDown === (action === 'recreate'))).toBe(true);
    expect(web[0]?.reasons[0]).toMatch(/./);
  });

  it('stemcell reason names old and new version', () => {
    const p = plan(desired({}, '1.2'), deployed());
    expect(group(p, 'web').instances[0]?.reasons).toEqual([
      'stemcell changed from bosh-stemcell-ubuntu-jammy/1.1 to bosh-stemcell-ubuntu-jammy/1.2',
    ]);
  });

  it('keeps static IPs and moves only the instance whose IP left the list', () => {
    const current = deployed();
    const same = plan(desired(), current);
    expect(
      group(same, 'db')
        .instances.map((i) => i.ips[0]?.ip)
        .sort(),
    ).toEqual(['10.0.1.10', '10.0.1.11']);
    const moved = plan(desired({ dbIps: '[10.0.1.10, 10.0.1.15]' }), current);
    const db = group(moved, 'db').instances.map(
      (i) => `${i.index}:${i.ips[0]?.ip}:${i.action}:${i.changes.join()}`,
    );
    expect(db.sort()).toEqual(['0:10.0.1.10:keep:', '1:10.0.1.15:recreate:network']);
  });

  it('a changed instance state is an update without recreate', () => {
    const p = plan(desired({ dbState: 'stopped' }), deployed());
    const db = group(p, 'db').instances;
    expect(db.map((i) => `${i.action}:${i.changes.join()}:${i.state}`)).toEqual([
      'update:state:stopped',
      'update:state:stopped',
    ]);
  });
});

describe('planDeployment: scaling', () => {
  it.each([
    {
      name: 'up 3 → 5',
      to: 5,
      azs: '[z1, z2]',
      want: ['0:z1:keep', '1:z2:keep', '2:z1:keep', '3:z2:create', '4:z1:create'],
      gone: [],
    },
    { name: 'down 3 → 2', to: 2, azs: '[z1, z2]', want: ['0:z1:keep', '1:z2:keep'], gone: ['2:z1:delete'] },
    { name: 'down 3 → 1', to: 1, azs: '[z1, z2]', want: ['0:z1:keep'], gone: ['1:z2:delete', '2:z1:delete'] },
    {
      name: 'drop z2',
      to: 3,
      azs: '[z1]',
      want: ['0:z1:keep', '2:z1:keep', '3:z1:create'],
      gone: ['1:z2:delete'],
    },
  ])('$name', ({ to, azs, want, gone }) => {
    const p = plan(desired({ web: to, webAzs: azs }), deployed(), {}, ids('new'));
    const web = group(p, 'web');
    expect(summary(web.instances)).toEqual(want);
    expect(summary(web.obsolete)).toEqual(gone);
    expect(web.obsolete.every((o) => o.needsShuttingDown && o.ips.length === 0)).toBe(true);
    const goneIds = new Set(web.obsolete.map((o) => o.uuid));
    expect(p.reservations.some((r) => r.owner !== null && goneIds.has(r.owner.id))).toBe(false);
  });

  it('reuses the lowest free index after a scale down', () => {
    const d2 = desired({ web: 2 });
    const afterDown = apply(d2, plan(d2, deployed(), {}, ids('down')));
    const p = plan(desired({ web: 3 }), afterDown, {}, ids('again'));
    const created = group(p, 'web').instances.filter((i) => i.action === 'create');
    expect(created.map((i) => `${i.index}:${i.az}:${i.uuid}`)).toEqual(['2:z1:again-1']);
  });
});

describe('planDeployment: ignore, bootstrap, dry run', () => {
  it('an ignored instance is not touched, even by --recreate, and a warning is given', () => {
    const current = deployed();
    const target = current.instances.find((i) => i.group === 'web' && i.index === 1);
    const withIgnore = {
      ...current,
      instances: current.instances.map((i) => (i === target ? { ...i, ignore: true } : i)),
    };
    const p = plan(desired({}, '1.2'), withIgnore, { recreate: true });
    const web = group(p, 'web').instances;
    const ignored = web.find((i) => i.uuid === target?.uuid);
    expect(ignored?.action).toBe('ignore');
    expect(ignored?.changes).toEqual([]);
    expect(p.batches.flatMap((b) => b.instances).some((i) => i.uuid === target?.uuid)).toBe(false);
    expect(web.filter((i) => i.action === 'recreate')).toHaveLength(2);
    expect(p.warnings).toEqual([IGNORED_WARNING]);
  });

  it('refuses to scale away an ignored instance', () => {
    const current = deployed();
    const instances = current.instances.map((i) => (i.group === 'web' ? { ...i, ignore: true } : i));
    expect(() => plan(desired({ web: 2 }), { ...current, instances })).toThrow(/3 ignored instance\(s\)/);
  });

  it('keeps the bootstrap instance when it survives, elects the lowest index when it is gone', () => {
    const current = deployed();
    const moved = {
      ...current,
      instances: current.instances.map((i) => (i.group === 'web' ? { ...i, bootstrap: i.index === 2 } : i)),
    };
    const kept = group(plan(desired({ web: 5 }), moved), 'web').instances.filter((i) => i.bootstrap);
    expect(kept.map((i) => i.index)).toEqual([2]);
    const p = plan(desired({ web: 2 }), moved);
    expect(
      group(p, 'web')
        .instances.filter((i) => i.bootstrap)
        .map((i) => i.index),
    ).toEqual([0]);
  });

  it('a dry run returns the same plan, flagged', () => {
    const current = deployed();
    const real = plan(desired({ web: 4 }, '1.2'), current);
    const dry = plan(desired({ web: 4 }, '1.2'), current, { dryRun: true });
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(formatPlan(dry)).toContain('(dry run)');
    expect(formatPlan(dry)).toContain('- stemcell: stemcell changed from');
  });
});
