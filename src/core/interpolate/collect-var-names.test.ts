import { describe, expect, it } from 'vitest';
import { mapOf } from '../../base/yaml/value.js';
import { collectVarNames } from './interpolator.js';

describe('collectVarNames', () => {
  const doc = mapOf({ '((k))': '((v)) ((w))', list: ['((a))', ['((!b))', '((v))']], n: 1 });

  it('finds each name once, in strings, list items and map keys', () => {
    expect([...collectVarNames(doc)]).toEqual(['v', 'w', 'k', 'a', 'b']);
    expect(collectVarNames(mapOf({ a: 1, b: ['x'] })).size).toBe(0);
  });

  it("reads a map's key before its value for the director's variable sets", () => {
    expect([...collectVarNames(doc, { keysFirst: true })]).toEqual(['k', 'v', 'w', 'a', 'b']);
  });
});
