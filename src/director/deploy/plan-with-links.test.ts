import { describe, expect, it } from 'vitest';
import { replayableIds } from './plan-with-links.js';

describe('replayableIds', () => {
  it('replays the ids it handed out in order, then fresh ones', () => {
    let n = 0;
    const ids = replayableIds(() => `id-${String(n++)}`);
    expect([ids.next(), ids.next()]).toEqual(['id-0', 'id-1']);
    const replay = ids.replay();
    expect([replay(), replay(), replay()]).toEqual(['id-0', 'id-1', 'id-2']);
  });
});
