import { describe, expect, it } from 'vitest';
import { memoFor, memoPromise } from './memo-promise.js';

describe('memoPromise', () => {
  it('makes the promise once and shares it', async () => {
    const memo = new Map<string, Promise<number>>();
    let made = 0;
    const make = () => Promise.resolve((made += 1));
    expect(await Promise.all([memoPromise(memo, 'a', make), memoPromise(memo, 'a', make)])).toEqual([1, 1]);
    expect(await memoPromise(memo, 'b', make)).toBe(2);
    expect(made).toBe(2);
  });

  it('keeps a failure unless told to forget it, and then tries again', async () => {
    const kept = new Map<string, Promise<number>>();
    let tries = 0;
    const failing = () => Promise.reject(new Error(`try ${String((tries += 1))}`));
    await expect(memoPromise(kept, 'k', failing)).rejects.toThrow('try 1');
    await expect(memoPromise(kept, 'k', failing)).rejects.toThrow('try 1');

    const forgetting = new Map<string, Promise<number>>();
    await expect(memoPromise(forgetting, 'k', failing, { forgetFailure: true })).rejects.toThrow('try 2');
    await expect(memoPromise(forgetting, 'k', failing, { forgetFailure: true })).rejects.toThrow('try 3');
    expect(await memoPromise(forgetting, 'k', () => Promise.resolve(7), { forgetFailure: true })).toBe(7);
    expect(forgetting.size).toBe(1);
  });

  it('gives each owner a map of its own', () => {
    const outer = new WeakMap<object, Map<string, Promise<number>>>();
    const run = {};
    expect(memoFor(outer, run)).toBe(memoFor(outer, run));
    expect(memoFor(outer, {})).not.toBe(memoFor(outer, run));
  });
});
