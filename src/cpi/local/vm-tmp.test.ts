import { describe, expect, it } from 'vitest';
import { decodeConfig } from './config.js';
import { agentHostPaths, insideTmp, keptTmpPaths, localBlobstorePaths } from './vm-tmp.js';

describe('keptTmpPaths', () => {
  it('keeps only paths inside /tmp and /var/tmp, outermost first', () => {
    expect(
      keptTmpPaths([
        '/tmp/it-1/director/cpi',
        '/work/repo/dist',
        '/tmp/it-1/bin-x/',
        '/var/tmp/agents//bin',
        '/tmp/it-1/director/cpi/vms',
        '/tmp',
        'relative/tmp',
        '/tmpfoo/x',
        '/tmp/it-1/bin-x',
      ]),
    ).toEqual(['/tmp/it-1/bin-x', '/var/tmp/agents/bin', '/tmp/it-1/director/cpi']);
  });

  it('places a kept path inside root_tmp, which both /tmp and /var/tmp show', () => {
    expect([insideTmp('/tmp/a/b'), insideTmp('/var/tmp/c'), insideTmp('/other')]).toEqual([
      'a/b',
      'c',
      '/other',
    ]);
  });

  it('drops paths inside another kept path', () => {
    expect(keptTmpPaths(['/tmp/a/b/c', '/tmp/a', '/tmp/a/d'])).toEqual(['/tmp/a']);
  });
});

describe('agentHostPaths', () => {
  it("names the data dir, the command's directories, PATH and host_paths", () => {
    expect(
      agentHostPaths({
        dataDir: '/tmp/d/cpi',
        programDirs: ['/usr/bin', '/tmp/d/dist', '/var'],
        path: '/tmp/d/bin::/usr/bin:bin',
        settings: { blobstore: { provider: 'local', options: { blobstore_path: '/tmp/d/blobs' } } },
        hostPaths: ['/tmp/shared'],
      }),
    ).toEqual([
      '/tmp/d/cpi',
      '/usr/bin',
      '/tmp/d/dist',
      '/var',
      '/tmp/d/bin',
      '/usr/bin',
      '/tmp/d/blobs',
      '/tmp/shared',
    ]);
  });

  it('finds the local blobstores of the settings and of env.bosh.blobstores', () => {
    const local = (path: unknown) => ({ provider: 'local', options: { blobstore_path: path } });
    expect(
      localBlobstorePaths({
        blobstore: local('/a'),
        env: { bosh: { blobstores: [local('/b'), { provider: 'dav', options: {} }, local(3), 'x'] } },
      }),
    ).toEqual(['/a', '/b']);
    expect(localBlobstorePaths({ blobstore: { provider: 'dav', options: {} } })).toEqual([]);
    expect(localBlobstorePaths('garbage')).toEqual([]);
  });
});

describe("config 'private_tmp' and 'host_paths'", () => {
  const base = { data_dir: '/data', agent: { mbus: 'https://m' }, agent_command: ['agent'] };

  it('gives VMs a private /tmp by default, with no extra host paths', () => {
    const config = decodeConfig(base, '/');
    expect([config.privateTmp, config.hostPaths]).toEqual([true, []]);
    const shared = decodeConfig({ ...base, private_tmp: false, host_paths: ['/tmp/x'] }, '/');
    expect([shared.privateTmp, shared.hostPaths]).toEqual([false, ['/tmp/x']]);
  });

  it('refuses anything else', () => {
    expect(() => decodeConfig({ ...base, private_tmp: 'yes', host_paths: ['rel'] }, '/')).toThrow(
      'Invalid local CPI config:\n- \'private_tmp\' must be true or false, got "yes"\n' +
        "- 'host_paths' must be a list of absolute paths",
    );
  });
});
