import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../src/base/yaml/parse.js';
import { commands } from '../src/cli/commands/registry.js';
import { BOSH_BIN, INTERPOLATE } from './support/conformance.js';
import { runBosh } from './support/run-bosh.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosh-ts-cli-'));
  await writeFile(join(dir, 'm.yml'), 'name: ((n))\nlist: [1, 2]\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bosh CLI frame', () => {
  it('prints its version', async () => {
    expect(await runBosh(['--version'])).toEqual({
      exit: 0,
      stdout: 'version 7.9.13+bosh-ts.0.1.0\n',
      stderr: '',
    });
    expect((await runBosh(['-v'])).stdout).toBe('version 7.9.13+bosh-ts.0.1.0\n');
  });

  it('prints help for everything and for one command', async () => {
    const all = await runBosh(['help']);
    expect(all.exit).toBe(0);
    expect(all.stdout).toContain('Usage:\n  bosh [OPTIONS] <command>');
    expect(all.stdout).toMatch(
      / {2}interpolate +Interpolates variables into a manifest +https:\/\/bosh\.io\/docs\/cli-v2#interpolate \(aliases: int\)/,
    );
    const one = await runBosh(['int', '-h']);
    expect(one.stdout).toContain('bosh [OPTIONS] interpolate [interpolate-OPTIONS] PATH');
    expect(one.stdout).toMatch(/-v, --var=VAR=VALUE +Set variable/);
    expect(one.stdout).toMatch(/-e, --environment= +Director environment name or URL \[\$BOSH_ENVIRONMENT\]/);
    expect((await runBosh(['add-blob', '-h'])).stdout).toContain(
      '[add-blob command arguments]\n  PATH\n  BLOBS-PATH\n',
    );
  });

  it('reports parse errors as bosh-cli does: message and "Exit code 1" on stderr, an empty line on stdout', async () => {
    const names = commands.map((c) => c.name).sort();
    const choices = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
    expect(await runBosh(['nope'])).toEqual({
      exit: 1,
      stdout: '\n',
      stderr: `Unknown command \`nope'. Please specify one command of: ${choices}\nExit code 1\n`,
    });
    expect((await runBosh(['int', join(dir, 'm.yml'), 'extra', 'more'])).stderr).toBe(
      "Command '*opts.InterpolateOpts' does not support extra arguments: extra, more\nExit code 1\n",
    );
    expect((await runBosh(['int'])).stderr).toBe(
      'the required argument `PATH` was not provided\nExit code 1\n',
    );
  });

  it('reports a missing manifest with the absolute path, as an indented error tree', async () => {
    const result = await runBosh(['int', 'missing.yml'], { cwd: dir });
    expect(result.exit).toBe(1);
    expect(result.stderr).toBe(
      `Opening file ${dir}/missing.yml:\n  open ${dir}/missing.yml: no such file or directory\nExit code 1\n`,
    );
  });

  it('reads the manifest from stdin with "-"', async () => {
    const result = await runBosh(['int', '-', '-v', 'n=piped'], { stdin: 'name: ((n))\n' });
    expect(result).toEqual({ exit: 0, stdout: 'name: piped\n', stderr: '' });
  });

  it('prints "Succeeded" after the YAML with --tty, and JSON with --json', async () => {
    const tty = await runBosh(['int', join(dir, 'm.yml'), '--tty', '-v', 'n=x']);
    expect(tty.stdout).toBe('list:\n- 1\n- 2\nname: x\n\nSucceeded\n');
    const json = await runBosh(['int', join(dir, 'm.yml'), '--json', '-v', 'n=x']);
    expect(JSON.parse(json.stdout)).toEqual({
      Tables: null,
      Blocks: ['list:\n- 1\n- 2\nname: x\n'],
      Lines: ['Succeeded'],
    });
  });

  it('exits silently, as on SIGPIPE, when the reader closes the pipe early (bosh int ... | head -1)', async () => {
    // ~950 KB of YAML: more than a pipe holds, so the writer is still writing when the reader goes away.
    const child = spawn(process.execPath, [
      BOSH_BIN,
      'int',
      join(INTERPOLATE, 'expected/cf12-fixture-store.out'),
    ]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });

  it('takes global options from BOSH_* environment variables', async () => {
    const result = await runBosh(['int', join(dir, 'm.yml'), '-v', 'n=x'], { env: { BOSH_TTY: 'true' } });
    expect(result.stdout.endsWith('\nSucceeded\n')).toBe(true);
  });
});

describe('bosh int --vars-store generation', () => {
  it('generates a store whose chain verifies, then reuses it without changing it', async () => {
    const store = join(dir, 'creds.yml');
    const cwd = join(INTERPOLATE, 'inputs/own');
    const first = await runBosh(['int', 'store/cert-chain.yml', '--vars-store', store], { cwd });
    expect(first.stderr).toBe('');
    expect(first.exit).toBe(0);
    const saved = await readFile(store, 'utf8');
    const creds = parseYaml(saved);
    if (!(creds instanceof Map)) throw new Error('store is not a map');
    const pem = (name: string, key: string): string => {
      const v = creds.get(name);
      const text = v instanceof Map ? v.get(key) : undefined;
      return typeof text === 'string' ? text : '';
    };
    const root = new X509Certificate(pem('root_ca', 'certificate'));
    const intermediate = new X509Certificate(pem('intermediate_ca', 'certificate'));
    const server = new X509Certificate(pem('server', 'certificate'));
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(server.verify(intermediate.publicKey)).toBe(true);
    expect(server.subject).toBe('C=US\nO=Example Org\nCN=server.example.com');
    // The last generated certificate keeps config-server's field order in the file, as bosh-cli leaves it.
    expect(saved.indexOf('client:\n  certificate: |')).toBe(0);
    const second = await runBosh(['int', 'store/cert-chain.yml', '--vars-store', store], { cwd });
    expect(second.stdout).toBe(first.stdout);
    expect(await readFile(store, 'utf8')).toBe(saved);
  });

  it('keeps the values generated before a failure in the store', async () => {
    const store = join(dir, 'partial.yml');
    await writeFile(
      join(dir, 'partial-manifest.yml'),
      'pw: ((pw))\nvariables:\n- {name: pw, type: password}\n- {name: bad, type: value}\n',
    );
    const result = await runBosh(['int', join(dir, 'partial-manifest.yml'), '--vars-store', store]);
    expect(result.stderr).toBe(
      "Getting all variables from variable definitions sections:\n  Generating variable 'bad':\n    Unsupported value type: value\nExit code 1\n",
    );
    expect(await readFile(store, 'utf8')).toMatch(/^pw: [a-z0-9]{20}\n$/);
  });
});
