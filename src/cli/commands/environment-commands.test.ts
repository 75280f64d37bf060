import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DirectorCliHarness, saveEnvironment } from '../../testing/director-cli-harness.js';
import { FakeDirector } from '../../testing/fake-director.js';

let d: FakeDirector;
let h: DirectorCliHarness;

beforeAll(async () => {
  d = await new FakeDirector().start();
});
afterAll(async () => {
  await d.stop();
});
beforeEach(async () => {
  h = await DirectorCliHarness.create();
  d.seen.length = 0;
});
afterEach(async () => {
  await h.dispose();
});

const INFO_TABLE = (user: string): string =>
  'Name               test-director  \n' +
  'UUID               uuid-1  \n' +
  'Version            282.0.0 (00000000)  \n' +
  'Director Stemcell  ubuntu-jammy/1.500  \n' +
  'CPI                warden_cpi  \n' +
  'Features           config_server: enabled  \n' +
  '                   snapshots: disabled  \n' +
  `User               ${user}  \n`;

describe('env (alias environment)', () => {
  it('prints the director info transposed, after an anonymous then an authenticated GET /info', async () => {
    await saveEnvironment(h, { url: d.url, ca: d.ca, alias: 'test', username: 'admin', password: 'secret' });
    const r = await h.run(['-e', 'test', 'environment'], { tty: true });
    expect(r).toEqual({
      exit: 0,
      stdout: `Using environment '${d.url}' as client 'admin'\n\n${INFO_TABLE('admin')}\nSucceeded\n`,
      stderr: '',
    });
    expect(d.seen.map((s) => [s.path, s.headers.authorization !== undefined])).toEqual([
      ['/info', false],
      ['/info', true],
    ]);
    // Piped, a transposed table keeps only its values.
    expect((await h.run(['-e', 'test', 'env'])).stdout).toBe(
      'test-director\t\nuuid-1\t\n282.0.0 (00000000)\t\nubuntu-jammy/1.500\t\nwarden_cpi\t\n' +
        'config_server: enabled\t\nsnapshots: disabled\t\nadmin\t\n',
    );
  });

  it('shows (not logged in) without credentials, and only the known rows', async () => {
    d.info = { ...d.info, cpi: '', stemcell_os: '', features: {} };
    try {
      const r = await h.run(['-e', d.url, '--ca-cert', d.ca, 'env', '--json']);
      expect(JSON.parse(r.stdout)).toEqual({
        Tables: [
          {
            Content: '',
            Header: { name: 'Name', user: 'User', uuid: 'UUID', version: 'Version' },
            Rows: [
              {
                name: 'test-director',
                user: '(not logged in)',
                uuid: 'uuid-1',
                version: '282.0.0 (00000000)',
              },
            ],
            Notes: null,
          },
        ],
        Blocks: null,
        Lines: [`Using environment '${d.url}' as anonymous user`, 'Succeeded'],
      });
    } finally {
      d.info = {
        ...d.info,
        cpi: 'warden_cpi',
        stemcell_os: 'ubuntu-jammy',
        features: { snapshots: { status: false }, config_server: { status: true } },
      };
    }
  });

  it('--details adds the certificate expiry table', async () => {
    d.json('GET', '/director/certificate_expiry', [
      { certificate_path: 'director.ssl.cert', expiry: '2027-01-01T00:00:00Z', days_left: 400 },
    ]);
    const r = await h.run(
      [
        '-e',
        d.url,
        '--ca-cert',
        d.ca,
        '--client',
        'admin',
        '--client-secret',
        'secret',
        'env',
        '--details',
        '--column',
        'days_left',
      ],
      { tty: true },
    );
    expect(r.stdout).toContain('CERTIFICATE EXPIRY DATE INFORMATION\n\nDays Left  \n400  \n');
  });

  it('needs an environment', async () => {
    expect(await h.run(['env'])).toEqual({
      exit: 1,
      stdout: '\n',
      stderr: 'Expected non-empty Director URL\nExit code 1\n',
    });
  });

  it('reports an untrusted certificate and a bad CA as bosh-cli does', async () => {
    const untrusted = await h.run(['-e', d.url, 'env']);
    expect(untrusted.stderr).toBe(
      'Fetching info:\n' +
        `  Performing request GET '${d.url}/info':\n` +
        '    Performing GET request:\n' +
        `      Retry: Get "${d.url}/info": tls: failed to verify certificate: x509: certificate signed by unknown authority\n` +
        'Exit code 1\n',
    );
    expect(d.seen).toHaveLength(0);
    const bad = await h.run(['-e', d.url, '--ca-cert', 'not a pem BEGIN', 'env']);
    expect(bad.stderr).toBe(
      'Validating Director connection config:\n  Parsing certificate 1: Missing PEM block\nExit code 1\n',
    );
    const missing = await h.run(['-e', d.url, '--ca-cert', '/nope/ca.pem', 'env']);
    expect(missing.stderr).toBe(
      "invalid argument for flag `--ca-cert' (expected opts.CACertArg): Opening file /nope/ca.pem: open /nope/ca.pem: no such file or directory\nExit code 1\n",
    );
  });
});

describe('environments, alias-env, unalias-env', () => {
  it('aliases after checking the director, then lists environments by URL', async () => {
    const r = await h.run(['-e', d.url, '--ca-cert', d.ca, 'alias-env', 'vbox'], { tty: true });
    expect(r.stdout).toBe(
      `Using environment '${d.url}' as anonymous user\n\n${INFO_TABLE('(not logged in)')}\nSucceeded\n`,
    );
    const ca = d.ca
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}\n`)
      .join('');
    expect(await readFile(h.configPath, 'utf8')).toBe(
      `environments:\n- url: ${d.url}\n  ca_cert: |\n${ca}  alias: vbox\n`,
    );
    await saveEnvironment(h, { url: 'https://10.0.0.6:25555', ca: '', alias: 'aws' });
    const list = await h.run(['envs'], { tty: true });
    const w = d.url.length;
    expect(list.stdout).toBe(
      `${'URL'.padEnd(w)}  Alias  \n` +
        `${'https://10.0.0.6:25555'.padEnd(w)}  aws  \n` +
        `${d.url}  vbox  \n` +
        '\n2 environments\n\nSucceeded\n',
    );
    await h.run(['unalias-env', 'aws']);
    expect((await h.run(['environments'])).stdout).toBe(`${d.url}\tvbox\t\n`);
  });

  it('does not save an alias when the director cannot be reached', async () => {
    const r = await h.run(['-e', d.url, 'alias-env', 'x']);
    expect(r.exit).toBe(1);
    expect((await h.run(['envs', '--json'])).stdout).toContain('"Rows": []');
  });

  it('needs -e', async () => {
    expect((await h.run(['alias-env', 'x'])).stderr).toBe(
      'Expected non-empty environment URL\nExit code 1\n',
    );
  });
});

describe('log-in, log-out', () => {
  beforeEach(async () => {
    await saveEnvironment(h, { url: d.url, ca: d.ca, alias: 'test' });
  });

  it('asks for username and password, checks them and saves them', async () => {
    const r = await h.run(['-e', 'test', 'log-in'], { tty: true, answers: ['admin', 'secret'] });
    expect(r).toEqual({
      exit: 0,
      stdout:
        `Using environment '${d.url}'\n\n` +
        'Username (): admin\n' +
        'Password (): \n\n' +
        `Using environment '${d.url}' as client 'admin'\n\n` +
        `Logged in to '${d.url}'\n\nSucceeded\n`,
      stderr: '',
    });
    const config = await readFile(h.configPath, 'utf8');
    expect(config).toContain('  alias: test\n  username: admin\n  password: secret\n');
    const out = await h.run(['-e', 'test', 'logout'], { tty: true });
    expect(out.stdout).toBe(`Logged out from '${d.url}'\n\nSucceeded\n`);
    expect(await readFile(h.configPath, 'utf8')).not.toContain('username');
  });

  it('asks again after wrong credentials', async () => {
    const r = await h.run(['-e', 'test', 'l'], { answers: ['admin', 'wrong', 'admin', 'secret'] });
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe(`Failed to login to '${d.url}'\n`);
    // The padding UI puts an empty line before the error line and another before the next question.
    expect(r.stdout).toBe('Username (): admin\nPassword (): \n\n\nUsername (): admin\nPassword (): \n');
  });

  it('gives up with credentials from flags that do not work, and fails at the end of input', async () => {
    const r = await h.run(['-e', 'test', '--client', 'admin', '--client-secret', 'nope', 'login']);
    expect(r.stderr).toBe(`Failed to login to '${d.url}'\nInvalid credentials\nExit code 1\n`);
    const eof = await h.run(['-e', 'test', 'login'], { answers: [] });
    expect(eof.stderr).toBe('Asking for text:\n  EOF\nExit code 1\n');
  });

  it('cannot ask with -n: a panic, as in bosh-cli', async () => {
    const r = await h.run(['-n', '-e', 'test', 'login']);
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(
      /^\[CLI\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d ERROR - Panic: Cannot ask for input in non-interactive UI\nExit code 1\n$/,
    );
  });

  it('log-out needs an environment', async () => {
    expect((await h.run(['logout'])).stderr).toBe('Expected non-empty Director URL\nExit code 1\n');
  });
});
