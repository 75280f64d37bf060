import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../base/yaml/parse.js';
import { isMap, type YamlMap } from '../../base/yaml/value.js';
import type { DesiredDisk } from '../../core/planner/desired.js';
import type { PersistentDiskRecord } from '../../ports/director-deploy-store.js';
import { changedDiskPairs, persistentDiskSpec, syncVerdict } from './disk-manager-pairs.js';

const yaml = (text: string): YamlMap => {
  const v = parseYaml(text);
  if (!isMap(v)) throw new Error('not a map');
  return v;
};

const record = (o: Partial<PersistentDiskRecord> & { diskCid: string }): PersistentDiskRecord => ({
  id: 1,
  instanceId: 1,
  size: 1024,
  active: true,
  cloudProperties: {},
  name: '',
  cpi: '',
  ...o,
});

const desired = (size: number, name = '', cloud = '{}'): DesiredDisk => ({
  name,
  size,
  cloudProperties: yaml(cloud),
});

const text = (pairs: ReturnType<typeof changedDiskPairs>): string[] =>
  pairs.map(
    (p) => `${p.old?.diskCid ?? '-'} -> ${p.new === undefined ? '-' : `${p.new.name}:${p.new.size}`}`,
  );

describe('changedDiskPairs', () => {
  it('leaves out a disk whose name, size and cloud properties (as stored JSON) are unchanged', () => {
    const old = record({ diskCid: 'd1', cloudProperties: { type: 'gp3', iops: 3000 } });
    expect(changedDiskPairs([old], [desired(1024, '', '{iops: 3000, type: gp3}')], false)).toEqual([]);
  });

  it('pairs a disk of another size or cloud properties with the old one', () => {
    const old = record({ diskCid: 'd1' });
    expect(text(changedDiskPairs([old], [desired(2048)], false))).toEqual(['d1 -> :2048']);
    expect(text(changedDiskPairs([old], [desired(1024, '', '{type: ssd}')], false))).toEqual(['d1 -> :1024']);
  });

  it('adds new disks, removes disks no longer desired, pairs by name', () => {
    const old = [record({ diskCid: 'a', name: 'data' }), record({ diskCid: 'b', name: 'logs' })];
    expect(text(changedDiskPairs(old, [desired(1024, 'data'), desired(10, 'cache')], false))).toEqual([
      '- -> cache:10',
      'b -> -',
    ]);
    expect(text(changedDiskPairs([], [desired(5)], false))).toEqual(['- -> :5']);
    expect(text(changedDiskPairs([record({ diskCid: 'x' })], [], false))).toEqual(['x -> -']);
  });

  it('replaces every disk, changed or not, with recreate', () => {
    expect(text(changedDiskPairs([record({ diskCid: 'd1' })], [desired(1024)], true))).toEqual([
      'd1 -> :1024',
    ]);
  });
});

describe('persistentDiskSpec', () => {
  it('is 0 without disks, the size of the unnamed disk, and absent with named disks', () => {
    expect(persistentDiskSpec([])).toEqual({ persistent_disk: 0 });
    expect(persistentDiskSpec([desired(4096)])).toEqual({ persistent_disk: 4096 });
    expect(persistentDiskSpec([desired(1, 'data')])).toEqual({});
  });
});

describe('syncVerdict', () => {
  it("compares the agent's mounted disk with the record", () => {
    expect(syncVerdict('d1', 'd1', true)).toBe('in-sync');
    expect(syncVerdict(undefined, 'd1', false)).toBe('in-sync');
    expect(syncVerdict(undefined, undefined, true)).toBe('in-sync');
    expect(syncVerdict(undefined, 'd1', true)).toBe('reattach');
    expect(syncVerdict('d2', 'd1', true)).toBe('out-of-sync');
    expect(syncVerdict('d2', undefined, false)).toBe('out-of-sync');
  });
});
