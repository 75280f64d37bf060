import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CpiError, ExternalCpi } from './external-cpi.js';
import { ServedCpi } from './served-cpi.js';

let dir: string;
const served: ServedCpi[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'served-cpi-'));
});
afterEach(async () => {
  await Promise.all(served.splice(0).map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

const ok = (result: string) => `{"result":"${result}","error":null,"log":""}`;

/** A served CPI that runs `body` (sh); each start is counted in `starts`, each argument list in `argv`. */
async function cpi(body: string): Promise<{ cpi: ExternalCpi; logged: string[] }> {
  const path = join(dir, 'cpi');
  await writeFile(path, `#!/bin/sh\necho start >> "${dir}/starts"\necho "$@" > "${dir}/argv"\n${body}`);
  await chmod(path, 0o755);
  const logged: string[] = [];
  const server = new ServedCpi(path, join(dir, 'cpi.json'), (line) => logged.push(line));
  served.push(server);
  let id = 0;
  return {
    logged,
    cpi: new ExternalCpi({
      executable: path,
      configPath: join(dir, 'cpi.json'),
      directorUuid: 'uuid',
      newRequestId: () => String((id += 1)),
      served: server,
    }),
  };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof CpiError ? { type: e.type, message: e.message } : e),
  );
const starts = async () => (await readFile(join(dir, 'starts'), 'utf8')).split('\n').filter(Boolean).length;

describe('a served CPI (cpi.serve)', () => {
  it('sends every call to one process, started with --serve, and matches answers given in any order', async () => {
    const { cpi: c } = await cpi(
      `read -r a rest\nread -r b rest\nprintf '%s %s\\n' "$b" '${ok('second')}'\nprintf '%s %s\\n' "$a" '${ok('first')}'\ncat > /dev/null\n`,
    );
    expect(await Promise.all([c.call('has_vm', ['a']), c.call('has_vm', ['b'])])).toEqual([
      'first',
      'second',
    ]);
    expect(await starts()).toBe(1);
    expect((await readFile(join(dir, 'argv'), 'utf8')).trim()).toBe(`${join(dir, 'cpi.json')} --serve`);
  });

  it('fails the calls a process did not answer when it exits, with its stderr, and starts another', async () => {
    const { cpi: c, logged } = await cpi(`read -r line\necho "out of memory" >&2\nexit 3\n`);
    expect(await failure(c.call('create_vm', []))).toEqual({
      type: 'Bosh::Clouds::ExternalCpi::InvalidResponse',
      message:
        'Invalid CPI response - SchemaValidationError: Received response with invalid JSON: ; exit status 3; ' +
        'stderr: the CPI process exited (status 3) before answering: out of memory',
    });
    expect(logged).toEqual(['[served-cpi] out of memory']);
    await failure(c.call('create_vm', []));
    expect(await starts()).toBe(2);
  });

  it('logs output that answers no call, and still matches the answer that does', async () => {
    const { cpi: c, logged } = await cpi(
      `read -r seq rest\necho 'hello from the CPI'\nprintf '%s %s\\n' 99 '${ok('stray')}'\nprintf '%s %s\\n' "$seq" '${ok('mine')}'\ncat > /dev/null\n`,
    );
    expect(await c.call('info', [])).toBe('mine');
    expect(logged).toEqual([
      '[served-cpi] unexpected output: hello from the CPI',
      `[served-cpi] unexpected output: 99 ${ok('stray')}`,
    ]);
  });

  it('names a CPI that cannot run, and refuses calls once stopped', async () => {
    const missing = join(dir, 'none');
    const server = new ServedCpi(missing, join(dir, 'cpi.json'), () => undefined);
    served.push(server);
    const c = new ExternalCpi({
      executable: missing,
      configPath: join(dir, 'cpi.json'),
      directorUuid: 'uuid',
      newRequestId: () => '1',
      served: server,
    });
    expect(await failure(c.call('info', []))).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message: `Running CPI '${missing}': spawn ${missing} ENOENT`,
    });
    await server.stop();
    expect(await failure(c.call('info', []))).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message: `Running CPI '${missing}': the director is stopping`,
    });
  });

  it('stops by closing its input, after the process has answered', async () => {
    const { cpi: c } = await cpi(
      `while read -r seq rest; do printf '%s %s\\n' "$seq" '${ok('done')}'; done\necho bye >> "${dir}/starts"\n`,
    );
    expect(await c.call('info', [])).toBe('done');
    await served[0]?.stop();
    expect((await readFile(join(dir, 'starts'), 'utf8')).split('\n')).toEqual(['start', 'bye', '']);
  });
});
