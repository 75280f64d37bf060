import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { Dirs } from '../dirs.js';
import type { AgentBlobstore } from '../ports.js';
import { decodeSettings } from '../settings/settings.js';
import { syncDns } from './sync-dns.js';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'sync-dns-'));
});
afterEach(() => rm(base, { recursive: true, force: true }));

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** A blobstore holding `blobs` by id, counting downloads; a platform recording what it wrote as /etc/hosts. */
function setup(blobs: Record<string, string>) {
  const hosts: string[] = [];
  let downloads = 0;
  let n = 0;
  const blobstore: AgentBlobstore = {
    async get(source) {
      downloads += 1;
      const content = blobs[source.blobstoreId];
      if (content === undefined) throw new Error(`blob ${source.blobstoreId} not found`);
      n += 1;
      const path = join(base, `download-${String(n)}`);
      await writeFile(path, content);
      return path;
    },
    cleanUp: (path) => rm(path, { force: true }),
    create: () => Promise.reject(new Error('unused')),
    delete: () => Promise.reject(new Error('unused')),
  };
  const action = syncDns({
    blobstore,
    dirs: new Dirs(base),
    settings: { settings: decodeSettings({ agent_id: 'agent-1' }) } as never,
    platform: {
      saveEtcHosts: (text: string) => {
        hosts.push(text);
        return Promise.resolve();
      },
    } as never,
  });
  return { action, hosts, downloads: () => downloads };
}

const failure = (run: Promise<unknown>): Promise<string> =>
  run.then(
    () => 'no error',
    (e: unknown) => (e instanceof Error ? errorChainMessage(e) : String(e)),
  );

const RECORDS = JSON.stringify({
  records: [
    ['10.0.0.5', 'uuid-1.web.default.dep.bosh'],
    ['10.0.0.6', 'uuid-2.web.default.dep.bosh'],
  ],
  version: 2,
  record_keys: ['id', 'ip'],
  record_infos: [],
});

describe('sync_dns', () => {
  it('writes the records into /etc/hosts after the default hosts and keeps the blob as records.json', async () => {
    const f = setup({ b1: RECORDS });
    expect(f.action.isAsynchronous(3)).toBe(false);
    expect(await f.action.run(['b1', sha1(RECORDS), 2], 3)).toBe('synced');
    expect(f.hosts).toEqual([
      '127.0.0.1 agent-1 localhost\n\n# The following lines are desirable for IPv6 capable hosts\n' +
        '::1 agent-1 localhost ip6-localhost ip6-loopback\nfe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\n' +
        'ff02::1 ip6-allnodes\nff02::2 ip6-allrouters\nff02::3 ip6-allhosts\n' +
        '10.0.0.5 uuid-1.web.default.dep.bosh\n10.0.0.6 uuid-2.web.default.dep.bosh\n',
    ]);
    const state = join(base, 'instance', 'dns', 'records.json');
    expect(await readFile(state, 'utf8')).toBe(RECORDS);
    expect((await stat(state)).mode & 0o777).toBe(0o640);
  });

  it('skips the download when the stored version is the same or newer', async () => {
    const f = setup({ b1: RECORDS });
    await f.action.run(['b1', sha1(RECORDS), 2], 3);
    expect(await f.action.run(['b1', sha1(RECORDS), 2], 3)).toBe('synced');
    expect(await f.action.run(['b0', 'abc', 1], 3)).toBe('synced');
    expect(f.downloads()).toBe(1);
    expect(f.hosts).toHaveLength(1);
  });

  it("refuses a blob whose version is not the director's, in bosh-agent's words, and stores nothing", async () => {
    const f = setup({ b1: RECORDS });
    expect(await failure(f.action.run(['b1', sha1(RECORDS), 3], 3))).toBe(
      'version from unpacked dns blob does not match version supplied by director',
    );
    expect(f.hosts).toEqual([]);
    await expect(stat(join(base, 'instance', 'dns', 'records.json'))).rejects.toThrow();
  });

  it('wraps download and decoding failures as bosh-agent does', async () => {
    const f = setup({ bad: '{"version": "2"}' });
    expect(await failure(f.action.run(['missing', 'abc', 1], 3))).toBe(
      'getting missing from blobstore: blob missing not found',
    );
    expect(await failure(f.action.run(['bad', 'abc', 2], 3))).toBe(
      'unmarshalling DNS records: json: cannot unmarshal string into Go struct field DNSRecords.Version of type uint64',
    );
    expect(await failure(f.action.run(['b', 'abc', -1], 3))).toBe(
      'Extracting method arguments from payload: Unmarshalling action argument: ' +
        'json: cannot unmarshal number -1 into Go value of type uint64',
    );
    expect(await failure(f.action.run(['b', 'abc'], 3))).toBe(
      'Extracting method arguments from payload: Not enough arguments, expected 3, got 2',
    );
  });
});
