import { expect, it } from 'vitest';
import type { EventRecord } from '../../ports/director-store.js';
import { describeStore } from '../../testing/db-backends.js';

const event = (over: Partial<Omit<EventRecord, 'id'>> = {}): Omit<EventRecord, 'id'> => ({
  parentId: null,
  user: 'admin',
  timestamp: 1000,
  action: 'create',
  objectType: 'deployment',
  objectName: 'cf',
  error: null,
  task: '5',
  deployment: 'cf',
  instance: null,
  context: {},
  ...over,
});

describeStore('events', (fx) => {
  it('adds an event and reads it back with its context', async () => {
    const { events } = fx().store;
    const parent = await events.add(event());
    const child = await events.add(
      event({ parentId: parent.id, error: 'boom', instance: 'web/1', context: { changes: ['dns'], n: 1 } }),
    );
    expect(child).toEqual({
      ...event(),
      id: child.id,
      parentId: parent.id,
      error: 'boom',
      instance: 'web/1',
      context: { changes: ['dns'], n: 1 },
    });
    expect(await events.get(child.id)).toEqual(child);
    expect(await events.get(child.id + 10)).toBeUndefined();
  });

  it('lists newest first with every filter, 200 at most by default', async () => {
    const { events } = fx().store;
    const a = await events.add(event({ timestamp: 100, user: 'hm', action: 'delete', objectType: 'vm' }));
    const b = await events.add(event({ timestamp: 200, deployment: 'zk', task: '6', instance: 'zk/0' }));
    const c = await events.add(event({ timestamp: 300, objectName: 'other' }));
    const ids = async (filter: Parameters<typeof events.list>[0]) =>
      (await events.list(filter)).map((e) => e.id);
    expect(await ids({})).toEqual([c.id, b.id, a.id]);
    expect(await ids({ beforeId: c.id })).toEqual([b.id, a.id]);
    expect(await ids({ beforeTime: 300, afterTime: 100 })).toEqual([b.id]);
    expect(await ids({ task: '6' })).toEqual([b.id]);
    expect(await ids({ deployment: 'zk', instance: 'zk/0' })).toEqual([b.id]);
    expect(await ids({ user: 'hm', action: 'delete', objectType: 'vm' })).toEqual([a.id]);
    expect(await ids({ objectName: 'other' })).toEqual([c.id]);
    expect(await ids({ limit: 1 })).toEqual([c.id]);
    for (let i = 0; i < 200; i += 1) await events.add(event());
    expect(await events.list({})).toHaveLength(200);
  });
});

describeStore('configs', (fx) => {
  const config = (type: string, name: string, content: string, createdAt = 10) => ({
    type,
    name,
    content,
    createdAt,
  });

  it('creates configs and gets them by id', async () => {
    const { configs } = fx().store;
    const c = await configs.create(config('cloud', 'default', 'azs: []', 10.9));
    expect(c).toEqual({
      id: c.id,
      type: 'cloud',
      name: 'default',
      content: 'azs: []',
      createdAt: 10,
      deleted: false,
      teamId: null,
    });
    expect(await configs.get(c.id)).toEqual(c);
    expect(await configs.get(c.id + 1)).toBeUndefined();
  });

  it('gives the latest non-deleted config of each type and name', async () => {
    const { configs } = fx().store;
    await configs.create(config('cloud', 'default', 'v1'));
    const cloud2 = await configs.create(config('cloud', 'default', 'v2'));
    const runtime = await configs.create(config('runtime', 'dns', 'r1'));
    const gone = await configs.create(config('cloud', 'other', 'o1'));
    await configs.deleteById(gone.id);
    expect((await configs.latest({})).map((c) => c.id)).toEqual([runtime.id, cloud2.id]);
    expect((await configs.latest({ type: 'cloud' })).map((c) => c.content)).toEqual(['v2']);
    expect(await configs.latest({ type: 'cloud', name: 'other' })).toEqual([]);
  });

  it('lists newest first, without deleted ones unless asked, limited', async () => {
    const { configs } = fx().store;
    const a = await configs.create(config('cloud', 'default', 'v1'));
    const b = await configs.create(config('cloud', 'default', 'v2'));
    const c = await configs.create(config('runtime', 'default', 'r'));
    await configs.deleteById(a.id);
    expect((await configs.list({})).map((x) => x.id)).toEqual([c.id, b.id]);
    expect(
      (await configs.list({ type: 'cloud', includeDeleted: true })).map((x) => [x.id, x.deleted]),
    ).toEqual([
      [b.id, false],
      [a.id, true],
    ]);
    expect((await configs.list({ name: 'default', limit: 1 })).map((x) => x.id)).toEqual([c.id]);
  });

  it('soft-deletes by name or id, counting only what was not deleted yet', async () => {
    const { configs } = fx().store;
    const a = await configs.create(config('cloud', 'x', '1'));
    await configs.create(config('cloud', 'x', '2'));
    const other = await configs.create(config('cloud', 'y', '3'));
    expect(await configs.deleteById(a.id)).toBe(true);
    expect(await configs.deleteById(a.id)).toBe(false);
    expect(await configs.deleteByName('cloud', 'x')).toBe(1);
    expect(await configs.deleteByName('cloud', 'x')).toBe(0);
    expect((await configs.get(a.id))?.deleted).toBe(true);
    expect((await configs.list({ includeDeleted: true })).length).toBe(3);
    expect((await configs.list({})).map((x) => x.id)).toEqual([other.id]);
  });
});

describeStore('director attributes', (fx) => {
  it('sets a value only when none is set, even from concurrent directors', async () => {
    const { attributes } = fx().store;
    const other = await fx().open();
    expect(await attributes.get('uuid')).toBeUndefined();
    const values = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? other : fx().store).attributes.setIfMissing('uuid', `v${String(i)}`),
      ),
    );
    expect(new Set(values).size).toBe(1);
    expect(await attributes.get('uuid')).toBe(values[0]);
    expect(await attributes.setIfMissing('uuid', 'later')).toBe(values[0]);
  });
});
