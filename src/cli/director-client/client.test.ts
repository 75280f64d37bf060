import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DirectorCliHarness, useDirectorCli } from '../../testing/director-cli-harness.js';
import type { FakeDirector } from '../../testing/fake-director.js';
import { parseDirectorUrl } from './director-url.js';
import { encodeQuery } from './go-url.js';
import { UploadProgress } from './upload-progress.js';

let d: FakeDirector;
let h: DirectorCliHarness;

useDirectorCli((director, harness) => {
  d = director;
  h = harness;
});

describe('director URL (bosh-cli director.NewConfigFromURL)', () => {
  const cases: [string, string | { host: string; port: number }][] = [
    ['https://10.0.0.6:25555', { host: '10.0.0.6', port: 25555 }],
    ['https://10.0.0.6', { host: '10.0.0.6', port: 25555 }],
    ['10.0.0.6', { host: '10.0.0.6', port: 25555 }],
    ['bosh.example.com:443', { host: 'bosh.example.com', port: 443 }],
    ['http://[::1]:8443/path', { host: '::1', port: 8443 }],
    ['', 'Expected non-empty Director URL'],
    [
      '10.0.0.6:25555',
      'Parsing Director URL \'10.0.0.6:25555\': parse "10.0.0.6:25555": first path segment in URL cannot contain colon',
    ],
    [
      'https://h:x',
      'Parsing Director URL \'https://h:x\': parse "https://h:x": invalid port ":x" after host',
    ],
    ['https://a:b:1', "Extracting host/port from URL 'a:b:1': address a:b:1: too many colons in address"],
    ['https://:25555', "Expected to extract host from URL 'https://:25555'"],
  ];
  for (const [url, want] of cases) {
    it(url === '' ? '(empty)' : url, () => {
      if (typeof want === 'string') {
        expect(() => parseDirectorUrl(url)).toThrow(want.split(': ')[0] ?? want);
        try {
          parseDirectorUrl(url);
        } catch (e) {
          const chain = (err: Error & { wrapped?: Error }): string =>
            err.wrapped ? `${err.message}: ${chain(err.wrapped)}` : err.message;
          expect(chain(e as Error)).toBe(want);
        }
      } else {
        expect(parseDirectorUrl(url)).toEqual(want);
      }
    });
  }
});

describe('query strings (Go url.Values.Encode)', () => {
  it('sorts keys and escapes as QueryEscape', () => {
    expect(
      encodeQuery([
        ['state', 'processing,cancelling'],
        ['b', 'a b/c~*'],
      ]),
    ).toBe('b=a+b%2Fc~%2A&state=processing%2Ccancelling');
  });
});

describe('transport', () => {
  it('retries a refused connection 5 times, then reports it in bosh-cli words', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const url = `https://127.0.0.1:${port.toString()}`;
    expect((await h.run(['-e', url, 'env'])).stderr).toBe(
      'Fetching info:\n' +
        `  Performing request GET '${url}/info':\n` +
        '    Performing GET request:\n' +
        `      Retry: Get "${url}/info": dial tcp 127.0.0.1:${port.toString()}: connect: connection refused\n` +
        'Exit code 1\n',
    );
  });

  it('retries a GET answered 503, then reports the status and body', async () => {
    let calls = 0;
    d.on('GET', '/locks', () => {
      calls++;
      return { status: 503, body: 'busy' };
    });
    expect((await h.run(['-e', 'test', 'locks'])).stderr).toBe(
      "Finding locks:\n  Director responded with non-successful status code '503' response 'busy'\nExit code 1\n",
    );
    expect(calls).toBe(5);
  });

  it('sends a 401 request once more, then fails with the director body', async () => {
    const r = await h.run(['-e', 'test', '--client', 'admin', '--client-secret', 'wrong', 'stemcells']);
    expect(r.stderr).toContain(
      "Director responded with non-successful status code '401' response 'Not authorized: '/stemcells'",
    );
    expect(d.requests().filter((p) => p === 'GET /stemcells')).toHaveLength(2);
  });

  it('takes the environment, CA and credentials from BOSH_* variables', async () => {
    d.json('GET', '/locks', []);
    const r = await h.run(['locks'], {
      env: {
        BOSH_ENVIRONMENT: d.url,
        BOSH_CA_CERT: d.ca,
        BOSH_CLIENT: 'admin',
        BOSH_CLIENT_SECRET: 'secret',
      },
      tty: true,
    });
    expect(r.stdout).toBe(
      `Using environment '${d.url}' as client 'admin'\n\nType  Resource  Task ID  Expires at  \n\n0 locks\n\nSucceeded\n`,
    );
    expect(d.seen.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('admin:secret').toString('base64')}`,
    );
  });

  it('follows the redirect of a task-starting POST with a GET to the director, with the credentials only', async () => {
    d.startsTask('POST', '/releases?', 61, { states: ['done'] });
    d.json('GET', '/releases', []);
    await h.run(['-e', 'test', 'ur', 'https://example.com/r.tgz']);
    const followed = d.seen.filter((s) => s.path === '/tasks/61')[0];
    expect(followed?.method).toBe('GET');
    expect(followed?.headers.authorization).toBeDefined();
    expect(followed?.headers['content-type']).toBeUndefined();
  });
});

describe('upload progress (pb bar through begin lines)', () => {
  it('draws at most every 200 ms and once at the end with a line break', () => {
    const out: string[] = [];
    let now = 0;
    const p = new UploadProgress(
      1000,
      (t) => out.push(t),
      () => now,
    );
    now = 100;
    p.update(100);
    now = 250;
    p.update(500);
    now = 300;
    p.update(600);
    now = 2000;
    p.update(1000);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\r\[=+>_+\]  ?50\.00% /);
    expect(out[1]).toMatch(/^\r\[=+\] 100\.00% .* 2s\n$/);
    expect(out[1]?.length).toBeLessThanOrEqual(82);
  });
});
