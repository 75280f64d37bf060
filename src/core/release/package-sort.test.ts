import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { findDependencyCycle, sortPackagesByDependencies } from './package-sort.js';

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};

describe('package order by dependencies', () => {
  const pkg = (name: string, ...dependencies: string[]) => ({ name, dependencies });

  it('puts every package after its dependencies', () => {
    const sorted = sortPackagesByDependencies([pkg('a', 'b'), pkg('b', 'c'), pkg('c'), pkg('d', 'c')]);
    expect(sorted.map((p) => p.name)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('fails on a cycle, as compilation does (create-release accepts it, README §15.1)', () => {
    const cycle = [pkg('a', 'b'), pkg('b', 'c'), pkg('c', 'a')];
    expect(failure(() => sortPackagesByDependencies(cycle))).toBe(
      'Circular dependency detected while sorting packages',
    );
    expect(findDependencyCycle(cycle)).toEqual(['a', 'b', 'c', 'a']);
    expect(findDependencyCycle([pkg('x', 'x')])).toEqual(['x', 'x']);
    expect(findDependencyCycle([pkg('a', 'b'), pkg('b'), pkg('c', 'a', 'b')])).toBeUndefined();
  });

  it('ignores dependencies outside the list', () => {
    expect(sortPackagesByDependencies([pkg('a', 'zzz')]).map((p) => p.name)).toEqual(['a']);
  });
});
