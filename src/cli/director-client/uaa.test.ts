import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NodeFileSystem } from '../../adapters/fs/node-file-system.js';
import { DirectorCliHarness, saveEnvironment } from '../../testing/director-cli-harness.js';
import { FakeDirector } from '../../testing/fake-director.js';
import { BoshConfig } from './bosh-config.js';

let d: FakeDirector;
let h: DirectorCliHarness;
const jwt = (payload: object): string => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;

beforeAll(async () => {
  d = await new FakeDirector().start();
  d.info = { ...d.info, user_authentication: { type: 'uaa', options: { url: d.url } } };
  d.users.set('ci', 'ci-secret');
  d.users.set('bosh_cli', '');
  d.json('GET', '/locks', []);
  h = await DirectorCliHarness.create();
});
afterAll(async () => {
  await d.stop();
  await h.dispose();
});
beforeEach(() => {
  d.seen.length = 0;
});

describe('directors with UAA', () => {
  it('a client gets a token by the client credentials grant and sends it as a bearer token', async () => {
    d.tokens.set('tok', 'ci');
    d.json('POST', '/oauth/token', { access_token: 'tok', token_type: 'bearer', expires_in: 60 });
    const r = await h.run(
      ['-e', d.url, '--ca-cert', d.ca, '--client', 'ci', '--client-secret', 'ci-secret', 'locks'],
      {
        tty: true,
      },
    );
    expect(r.stdout).toContain(`Using environment '${d.url}' as client 'ci'\n`);
    const token = d.seen.find((s) => s.path === '/oauth/token');
    expect([token?.headers['content-type'], token?.body.toString()]).toEqual([
      'application/x-www-form-urlencoded',
      'grant_type=client_credentials',
    ]);
    expect(d.seen.at(-1)?.headers.authorization).toBe('bearer tok');
    const login = await h.run(
      ['-e', d.url, '--ca-cert', d.ca, '--client', 'ci', '--client-secret', 'ci-secret', 'login'],
      {
        tty: true,
      },
    );
    expect(login.stdout).toBe('Successfully authenticated with UAA\n\nSucceeded\n');
  });

  it('a logged-in user refreshes a refused access token and saves the new tokens', async () => {
    await saveEnvironment(h, { url: d.url, ca: d.ca, alias: 'uaa' });
    const fs = new NodeFileSystem(h.home);
    const refresh = jwt({ user_name: 'alice', scope: ['bosh.admin', 'openid'] });
    await (
      await BoshConfig.load(h.configPath, fs)
    )
      .setCredentials('uaa', {
        client: '',
        clientSecret: '',
        accessTokenType: 'bearer',
        accessToken: 'stale',
        refreshToken: refresh,
      })
      .save();
    d.tokens.set('fresh', 'alice');
    d.json('POST', '/oauth/token', { access_token: 'fresh', token_type: 'bearer', refresh_token: 'r2' });
    const r = await h.run(['-e', 'uaa', 'locks'], { tty: true });
    expect(r.stdout).toContain(`Using environment '${d.url}' as user 'alice' (bosh.admin, openid)\n`);
    expect(d.requests().filter((p) => p !== 'GET /info')).toEqual([
      'GET /locks',
      'POST /oauth/token',
      'GET /locks',
    ]);
    expect(d.seen.find((s) => s.path === '/oauth/token')?.body.toString()).toBe(
      `grant_type=refresh_token&refresh_token=${refresh}`,
    );
    expect(await readFile(h.configPath, 'utf8')).toContain('  access_token: fresh\n  refresh_token: r2\n');
  });
});
