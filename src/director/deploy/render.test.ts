import { describe, expect, it } from 'vitest';
import type { InstanceRenderInput, InstanceRenderResult } from '../../ports/template-renderer.js';
import { renderFailure } from './render.js';

const input = (group: string, index: number): InstanceRenderInput => ({
  spec: {
    deployment: 'demo',
    name: group,
    id: `${group}-${String(index)}`,
    index,
    az: null,
    bootstrap: index === 0,
    address: null,
    networks: {},
  },
  jobs: [],
});

const ok: InstanceRenderResult = { ok: true, jobs: [] };
const failed = (error: string): InstanceRenderResult => ({ ok: false, error, jobErrors: [] });

describe('renderFailure', () => {
  it('is nothing when every instance rendered', () => {
    expect(renderFailure([input('web', 0), input('db', 0)], [ok, ok])).toBeUndefined();
  });

  it("reports each failed group's first failure under BOSH's one header", () => {
    const e = renderFailure(
      [input('web', 0), input('web', 1), input('db', 0), input('api', 0), input('db', 1)],
      [
        failed("- Unable to render jobs for instance group 'web'. Errors are:\n  - first"),
        failed("- Unable to render jobs for instance group 'web'. Errors are:\n  - second"),
        ok,
        failed("- Unable to render jobs for instance group 'api'. Errors are:\n  - third"),
        failed("- Unable to render jobs for instance group 'db'. Errors are:\n  - fourth"),
      ],
    );
    expect([e?.kind, e?.message]).toEqual([
      'DirectorError',
      [
        'Unable to render instance groups for deployment. Errors are:',
        "  - Unable to render jobs for instance group 'web'. Errors are:",
        '    - first',
        "  - Unable to render jobs for instance group 'api'. Errors are:",
        '    - third',
        "  - Unable to render jobs for instance group 'db'. Errors are:",
        '    - fourth',
      ].join('\n'),
    ]);
  });
});
