import { describe, expect, it } from 'vitest';
import {
  knownHostsContent,
  optsForHost,
  type ArgsContext,
  type ConnectionOpts,
  type SshHost,
} from './ssh-args.js';
import { multiErrorText, runSsh } from './ssh-runner.js';
import { StreamingWriter } from './output-writers.js';

const host: SshHost = {
  job: 'web',
  indexOrId: '0',
  username: 'bosh_x',
  host: '10.0.0.5',
  hostPublicKey: 'ssh-rsa K',
};
const conn: ConnectionOpts = {
  privateKey: 'KEY',
  gatewayDisable: false,
  gatewayUsername: '',
  gatewayHost: '',
  gatewayPrivateKeyPath: '',
  socks5Proxy: '',
  rawOpts: ['-v'],
};
const ctx = (c: Partial<ConnectionOpts> = {}, gw = { user: '', host: '' }): ArgsContext => ({
  conn: { ...conn, ...c },
  targets: { hosts: [host], gatewayUsername: gw.user, gatewayHost: gw.host },
  files: { privateKeyPath: '/t/key', knownHostsPath: '/t/hosts' },
  forceTty: true,
  hasConnectProxy: false,
});
const BASE = [
  '-tt',
  ...['-o', 'ServerAliveInterval=30', '-o', 'ForwardAgent=no', '-o', 'PasswordAuthentication=no'],
  ...['-o', 'IdentitiesOnly=yes', '-o', 'IdentityFile=/t/key', '-o', 'UserKnownHostsFile=/t/hosts'],
];

describe('ssh options for a host (bosh-cli SSHArgs.OptsForHost)', () => {
  it('uses the session files, then the raw options', () => {
    expect(optsForHost(ctx(), host)).toEqual([...BASE, '-v']);
  });

  it("goes through the director's gateway, or the flags' one, unless disabled", () => {
    const proxy =
      'ProxyCommand=ssh -tt -W %h:%p -l gwuser jump -o ServerAliveInterval=30 -o ForwardAgent=no -o ClearAllForwardings=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null';
    expect(optsForHost(ctx({}, { user: 'gwuser', host: 'jump' }), host)).toEqual([
      ...BASE,
      '-o',
      proxy,
      '-v',
    ]);
    const flags = ctx(
      { gatewayHost: 'other', gatewayUsername: 'me', gatewayPrivateKeyPath: '/k' },
      { user: 'gwuser', host: 'jump' },
    );
    expect(optsForHost(flags, { ...host, host: 'fd00::1' })[BASE.length + 1]).toBe(
      'ProxyCommand=ssh -tt -W [%h]:%p -l me other -o ServerAliveInterval=30 -o ForwardAgent=no -o ClearAllForwardings=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o PasswordAuthentication=no -o IdentitiesOnly=yes -o IdentityFile=/k',
    );
    expect(optsForHost(ctx({ gatewayDisable: true }, { user: 'gwuser', host: 'jump' }), host)).toEqual([
      ...BASE,
      '-v',
    ]);
  });

  it('goes through a SOCKS5 proxy with nc, or connect-proxy when there is one', () => {
    expect(optsForHost(ctx({ socks5Proxy: 'socks5://localhost:9999' }), host)).toEqual([
      ...BASE,
      '-o',
      'ProxyCommand=nc -x localhost:9999 %h %p',
      '-v',
    ]);
    const withConnect = { ...ctx({ socks5Proxy: 'localhost:9999' }), hasConnectProxy: true };
    expect(optsForHost(withConnect, host)[BASE.length + 1]).toBe(
      'ProxyCommand=connect-proxy -S localhost:9999 %h %p',
    );
  });
});

describe('known_hosts', () => {
  it('names each host with a key, adding the form Go prints an address in when it differs', () => {
    const hosts = [
      host,
      { ...host, host: 'FD00:0:0::0001', hostPublicKey: 'ssh-ed25519 B' },
      { ...host, host: 'vm.example', hostPublicKey: 'ssh-ed25519 C' },
      { ...host, host: '10.0.0.9', hostPublicKey: '' },
    ];
    expect(knownHostsContent({ hosts, gatewayHost: '', gatewayUsername: '' })).toBe(
      '10.0.0.5 ssh-rsa K\nFD00:0:0::0001 ssh-ed25519 B\nfd00::1 ssh-ed25519 B\nvm.example ssh-ed25519 C\n<nil> ssh-ed25519 C\n',
    );
  });
});

describe('runner checks and failures', () => {
  const run = (interactive: boolean, hosts: SshHost[], command: string[]) =>
    runSsh({
      conn,
      targets: { hosts, gatewayHost: '', gatewayUsername: '' },
      command,
      interactive,
      writer: new StreamingWriter({ printBlock: () => undefined }),
      ui: { printLine: () => undefined },
    });

  it("refuses what bosh-cli's interactive and non-interactive runners refuse", async () => {
    await expect(run(true, [host, host], [])).rejects.toThrow(
      /^Interactive SSH only works for a single host at a time$/,
    );
    await expect(run(true, [host], ['ls'])).rejects.toThrow(/^Interactive SSH does not accept commands$/);
    await expect(run(false, [], ['ls'])).rejects.toThrow(/^Non-interactive SSH expects at least one host$/);
    await expect(run(false, [host], [])).rejects.toThrow(/^Non-interactive SSH expects non-empty command$/);
  });

  it('lists failures as go-multierror does', () => {
    expect(multiErrorText([new Error('a')])).toBe('1 error occurred:\n\t* a\n\n');
    expect(multiErrorText([new Error('a'), new Error('b')])).toBe('2 errors occurred:\n\t* a\n\t* b\n\n');
  });
});
