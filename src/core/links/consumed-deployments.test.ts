import { describe, expect, it } from 'vitest';
import { consumedDeployments } from './parse.js';
import type { LinkGroup, LinkJob } from './types.js';

const job = (name: string, consumes: Record<string, unknown>): LinkJob => ({
  name,
  release: 'rel',
  spec: {},
  provides: {},
  consumes,
  customProviderDefinitions: [],
  properties: {},
});

describe('consumedDeployments', () => {
  it("names every non-empty `deployment:` of the manifest's consumes blocks, each once", () => {
    const groups: LinkGroup[] = [
      {
        name: 'a',
        networks: [],
        jobs: [
          job('x', { db: { from: 'db', deployment: 'other' }, peer: 'nil', conn: { deployment: '' } }),
          job('y', { db: { deployment: 'other' }, cache: { deployment: 'third' }, q: { deployment: 3 } }),
        ],
      },
      { name: 'b', networks: [], jobs: [job('z', { self: { deployment: 'me' } })] },
    ];
    expect([...consumedDeployments(groups)]).toEqual(['other', 'third', 'me']);
    expect(consumedDeployments([]).size).toBe(0);
  });
});
