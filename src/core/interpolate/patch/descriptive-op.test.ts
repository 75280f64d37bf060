import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../../base/errors.js';
import { deepEqual, mapOf, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';
import { DescriptiveOp } from './descriptive-op.js';
import { applyOps, OpList } from './op.js';
import { newOpsFromDefinitions, opsFromDefinitions } from './op-definitions.js';
import { ReplaceOp } from './replace-op.js';

const chainOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? errorChainMessage(err) : String(err);
  }
  return '<no error>';
};

const op = (entries: Record<string, YamlValue>): YamlValue => mapOf(entries);

describe('ops from definitions', () => {
  const base = (): YamlValue =>
    mapOf({
      key: 1,
      jobs: [mapOf({ name: 'web', instances: 1 }), mapOf({ name: 'worker', instances: 2 })],
    });

  it('describes apply failures with the operation and file', () => {
    const ops = opsFromDefinitions(
      [op({ type: 'replace', path: '/key', value: 2 }), op({ type: 'remove', path: '' })],
      'patch/remove-root.yml',
    );
    expect(ops[1]).toBeInstanceOf(DescriptiveOp);
    expect(chainOf(() => applyOps(base(), ops))).toBe(
      "Error 'operation [1] in patch/remove-root.yml failed': Cannot remove entire document",
    );
    const test = opsFromDefinitions([op({ type: 'test', path: '/key', value: 2 })], 'patch/test-fail.yml');
    expect(chainOf(() => applyOps(base(), test))).toBe(
      "Error 'operation [0] in patch/test-fail.yml failed': Found value does not match expected value",
    );
    const absent = opsFromDefinitions(
      [op({ type: 'test', path: '/key', absent: true })],
      'patch/test-absent-fail.yml',
    );
    expect(chainOf(() => applyOps(base(), absent))).toBe(
      "Error 'operation [0] in patch/test-absent-fail.yml failed': Expected to not find '/key'",
    );
  });

  it('applies files in order, indexes restarting per file (own-patch-ops-file-order)', () => {
    const first = opsFromDefinitions(
      [op({ type: 'replace', path: '/jobs/-', value: mapOf({ name: 'db', instances: 1 }) })],
      'patch/order-1.yml',
    );
    const second = opsFromDefinitions(
      [op({ type: 'replace', path: '/jobs/name=db/instances', value: 5 })],
      'patch/order-2.yml',
    );
    const result = new OpList([...first, ...second]).apply(base());
    const expected = base() as YamlMap;
    (expected.get('jobs') as YamlValue[]).push(mapOf({ name: 'db', instances: 5 }));
    expect(deepEqual(result, expected)).toBe(true);
    const failing = opsFromDefinitions(
      [op({ type: 'replace', path: '/nope', value: 1 })],
      'patch/order-2.yml',
    );
    expect(chainOf(() => applyOps(base(), [...first, ...failing]))).toBe(
      "Error 'operation [0] in patch/order-2.yml failed': Expected to find a map key 'nope' for path '/nope' (found map keys: 'jobs', 'key')",
    );
  });

  it('keeps ops without an error description undecorated', () => {
    const [plain] = newOpsFromDefinitions([{ type: 'replace', path: '/key', value: '((web_instances))' }]);
    expect(plain).toBeInstanceOf(ReplaceOp);
    const result = plain?.apply(base()) as YamlMap;
    expect(result.get('key')).toBe('((web_instances))');
    expect(chainOf(() => newOpsFromDefinitions([{ type: 'remove', path: '' }])[0]?.apply(1))).toBe(
      'Cannot remove entire document',
    );
  });

  it('accepts a null value for remove and test', () => {
    const ops = opsFromDefinitions(
      [op({ type: 'remove', path: '/key', value: null }), op({ type: 'test', path: '/key', absent: true })],
      'f.yml',
    );
    expect(deepEqual(applyOps(base(), ops), mapOf({ jobs: (base() as YamlMap).get('jobs') ?? null }))).toBe(
      true,
    );
  });
});
