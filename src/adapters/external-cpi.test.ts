import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CpiError, ExternalCpi } from './external-cpi.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'external-cpi-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A CPI executable that prints `stdout` (and `stderr`) whatever it is asked. */
async function cpi(stdout: string, stderr = ''): Promise<ExternalCpi> {
  const path = join(dir, 'cpi');
  await writeFile(
    path,
    `#!/bin/sh\ncat > "$0.request"\nprintf '%s' '${stdout}'\nprintf '%s' '${stderr}' >&2\n`,
  );
  await chmod(path, 0o755);
  return new ExternalCpi({
    executable: path,
    configPath: join(dir, 'cpi.json'),
    directorUuid: 'uuid',
    newRequestId: () => '1',
  });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) =>
      e instanceof CpiError ? { type: e.type, message: e.message, okToRetry: e.okToRetry } : e,
  );

describe('the external CPI client', () => {
  it('returns the result and raises CPI errors with their type', async () => {
    expect(await (await cpi('{"result":"vm-1","error":null,"log":""}')).call('create_vm', [])).toBe('vm-1');
    const refused = await cpi(
      '{"result":null,"error":{"type":"Bosh::Clouds::VMNotFound","message":"VM x not found","ok_to_retry":false},"log":""}',
    );
    expect(await failure(refused.call('delete_vm', ['x']))).toEqual({
      type: 'Bosh::Clouds::VMNotFound',
      message: 'VM x not found',
      okToRetry: false,
    });
  });

  it('names a response that is not one, and a CPI that cannot run', async () => {
    const garbage = await cpi('nope', 'it broke');
    expect(await failure(garbage.call('info', []))).toEqual({
      type: 'Bosh::Clouds::ExternalCpi::InvalidResponse',
      message:
        'Invalid CPI response - SchemaValidationError: Received response with invalid JSON: nope; exit status 0; stderr: it broke',
      okToRetry: false,
    });
    const missing = new ExternalCpi({
      executable: join(dir, 'none'),
      configPath: join(dir, 'cpi.json'),
      directorUuid: 'uuid',
      newRequestId: () => '1',
    });
    expect(await failure(missing.call('info', []))).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message: `Running CPI '${join(dir, 'none')}': spawn ${join(dir, 'none')} ENOENT`,
      okToRetry: false,
    });
  });
});
