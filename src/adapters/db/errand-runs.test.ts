import { expect, it } from 'vitest';
import { describeStore } from '../../testing/db-backends.js';

describeStore('errand runs', (fx) => {
  it('remembers per deployment and errand the last successful state hash, replaced on each record', async () => {
    const { store } = fx();
    const a = await store.deployments.findOrCreate('a');
    const b = await store.deployments.findOrCreate('b');
    expect(await store.errandRuns.successfulStateHash(a.id, 'smoke')).toBeUndefined();
    await store.errandRuns.setSuccessfulStateHash(a.id, 'smoke', '');
    expect(await store.errandRuns.successfulStateHash(a.id, 'smoke')).toBe('');
    await store.errandRuns.setSuccessfulStateHash(a.id, 'smoke', 'abc');
    await store.errandRuns.setSuccessfulStateHash(b.id, 'smoke', 'def');
    await store.errandRuns.setSuccessfulStateHash(a.id, 'status', 'ghi');
    expect(await store.errandRuns.successfulStateHash(a.id, 'smoke')).toBe('abc');
    expect(await store.errandRuns.successfulStateHash(b.id, 'smoke')).toBe('def');
    expect(await store.errandRuns.successfulStateHash(a.id, 'status')).toBe('ghi');
  });
});
