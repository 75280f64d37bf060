import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;
useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

/** One NDJSON line of a run-errand task's result. */
const line = (id: string, exitCode: number): string =>
  `${JSON.stringify({
    instance: { group: 'web', id },
    errand_name: 'smoke',
    exit_code: exitCode,
    stdout: 'out',
    stderr: 'err',
    logs: { blobstore_id: null, sha1: null },
  })}\n`;

/** `bosh -d dep run-errand smoke` against a run-errand task `id` whose result is `result`. */
function runSmoke(id: number, result: string) {
  d.startsTask('POST', '/deployments/dep/errands/smoke/runs', id, { states: ['done'], outputs: { result } });
  return h.onTest(['-n', '-d', 'dep', 'run-errand', 'smoke']);
}

describe('bosh run-errand', () => {
  it('prints the results, then fails with a non-zero exit code as an error', async () => {
    const r = await runSmoke(80, line('a', 3));
    expect(r.stdout).toBe('web/a\t\n3\t\nout\t\nerr\t\n\n\n');
    expect(r.stderr).toBe("Errand 'smoke' completed with error (exit code 3)\nExit code 1\n");
    expect(r.exit).toBe(1);
  });

  it('calls an exit code above 128 a cancellation', async () => {
    const r = await runSmoke(81, line('a', 137));
    expect(r.stderr).toBe("Errand 'smoke' was canceled (exit code 137)\nExit code 1\n");
    expect(r.exit).toBe(1);
    expect((await runSmoke(82, line('a', 128))).stderr).toBe(
      "Errand 'smoke' completed with error (exit code 128)\nExit code 1\n",
    );
  });

  it('reports the last instance that did not succeed', async () => {
    const canceledLast = await runSmoke(83, line('a', 3) + line('b', 0) + line('c', 130));
    expect(canceledLast.stderr).toBe("Errand 'smoke' was canceled (exit code 130)\nExit code 1\n");
    const erroredLast = await runSmoke(84, line('a', 130) + line('b', 1) + line('c', 0));
    expect(erroredLast.stderr).toBe("Errand 'smoke' completed with error (exit code 1)\nExit code 1\n");
    const succeeded = await runSmoke(85, line('a', 0));
    expect(succeeded.stderr).toBe('');
    expect(succeeded.exit).toBe(0);
  });

  it("wraps a task result that is not JSON as bosh-cli's Unmarshaling errand result", async () => {
    const r = await runSmoke(86, 'not json\n');
    expect(r.stderr).toMatch(/^Unmarshaling errand result:\n {2}Unmarshaling Director response:\n {4}\S/);
    expect(r.exit).toBe(1);
  });

  it('needs an errand name, before asking the director', async () => {
    const r = await h.onTest(['-n', '-d', 'dep', 'run-errand', '']);
    expect(r.stderr).toBe('Expected non-empty errand name\nExit code 1\n');
    expect(d.requests('POST')).toEqual([]);
  });
});

describe('bosh errands', () => {
  it("wraps the director's refusal as Finding errands", async () => {
    d.json('GET', '/deployments/dep/errands', { code: 100, description: 'boom' }, 500);
    const r = await h.onTest(['-n', '-d', 'dep', 'errands']);
    expect(r.stderr).toBe(
      "Finding errands:\n  Director responded with non-successful status code '500' response " +
        `'{"code":100,"description":"boom"}'\nExit code 1\n`,
    );
    expect(r.exit).toBe(1);
  });
});
