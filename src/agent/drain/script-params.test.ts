import { describe, expect, it } from 'vitest';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import { drainArgs, drainEnv, shutdownParams, statusParams, updateParams } from './script-params.js';

const pkg = (name: string, sha1: string) => ({ name, version: '1', sha1, blobstore_id: `b-${name}` });
const withJobs = (fields: Record<string, unknown>) =>
  decodeApplySpec({
    job: { templates: [{ name: 'web', version: 'v' }] },
    rendered_templates_archive: { blobstore_id: 'r', sha1: 'a'.repeat(40) },
    ...fields,
  });

describe('drain script params', () => {
  it('update from a jobless spec: job_new hash_new, every package updated, sorted', () => {
    const current = decodeApplySpec({});
    const next = withJobs({
      configuration_hash: 'h1',
      packages: { zeta: pkg('zeta', '1'.repeat(40)), alpha: pkg('alpha', '2'.repeat(40)) },
      persistent_disk: 2048,
    });
    const params = updateParams(current, next);
    expect(drainArgs(params)).toEqual(['job_new', 'hash_new', 'alpha', 'zeta']);
    expect(drainEnv(params)).toEqual({
      BOSH_JOB_STATE: '{"persistent_disk":0}',
      BOSH_JOB_NEXT_STATE: '{"persistent_disk":2048}',
    });
  });

  it('update of a running job: job_changed, hash_unchanged/hash_changed, only new or changed packages', () => {
    const current = withJobs({
      configuration_hash: 'h1',
      packages: { same: pkg('same', '1'.repeat(40)), changed: pkg('changed', '2'.repeat(40)) },
      persistent_disk: 1024,
    });
    const same = withJobs({
      configuration_hash: 'h1',
      packages: {
        same: pkg('same', '1'.repeat(40)),
        changed: pkg('changed', `sha256:${'3'.repeat(64)}`),
        added: pkg('added', '4'.repeat(40)),
      },
    });
    expect(drainArgs(updateParams(current, same))).toEqual([
      'job_changed',
      'hash_unchanged',
      'added',
      'changed',
    ]);
    const other = withJobs({ configuration_hash: 'h2', packages: current.packages });
    expect(drainArgs(updateParams(current, other))).toEqual(['job_changed', 'hash_changed']);
  });

  it('shutdown: job_shutdown hash_unchanged; the next state only with a spec', () => {
    const current = withJobs({ persistent_disk: 10 });
    expect(drainArgs(shutdownParams(current, undefined))).toEqual(['job_shutdown', 'hash_unchanged']);
    expect(drainEnv(shutdownParams(current, undefined))).toEqual({
      BOSH_JOB_STATE: '{"persistent_disk":10}',
    });
    expect(drainEnv(shutdownParams(current, withJobs({ persistent_disk: 0 })))).toEqual({
      BOSH_JOB_STATE: '{"persistent_disk":10}',
      BOSH_JOB_NEXT_STATE: '{"persistent_disk":0}',
    });
  });

  it('status: job_check_status hash_unchanged with the current state only', () => {
    const current = withJobs({ persistent_disk: 5 });
    const params = statusParams(updateParams(current, withJobs({ persistent_disk: 6 })));
    expect(drainArgs(params)).toEqual(['job_check_status', 'hash_unchanged']);
    expect(drainEnv(params)).toEqual({ BOSH_JOB_STATE: '{"persistent_disk":5}' });
  });
});
