import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, h, readJsonFile, runCpi, useCpiHarness } from './support.js';

// The CPI contract (CPI API v2, reference agent-and-cpi.md §4) of the built `bosh-local-cpi`, one process per call.
useCpiHarness();

const raw = (stdin: string, argv: readonly string[] = [h.configPath]) => runCpi(bin, argv, stdin);
const context = { director_uuid: 'director-1' };
const error = (type: string, message: string) => ({
  result: null,
  error: { type, message, ok_to_retry: false },
});

describe('requests', () => {
  it('info reports CPI API v2 and the local stemcell format, as one JSON line with result/error/log', async () => {
    const run = await raw(JSON.stringify({ method: 'info', arguments: [], context, api_version: 2 }));
    expect(run.exit).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^\{"result":\{"api_version":2,"stemcell_formats":\["local"\]\},"error":null,"log":"/,
    );
  });

  it.each([
    ['{"method":', /^Request cannot be deserialized, details: /],
    ['', /^Request cannot be deserialized, details: /],
    ['[]', /^Request cannot be deserialized, details: not a JSON object$/],
    ['{"arguments":[],"context":{"director_uuid":"d"}}', /^Method must be a String, got: 'nil'$/],
    ['{"method":5,"arguments":[],"context":{"director_uuid":"d"}}', /^Method must be a String, got: '5'$/],
    ['{"method":"info","arguments":{},"context":{"director_uuid":"d"}}', /^Arguments must be an Array$/],
    ['{"method":"info","arguments":[]}', /^Request should include context with director uuid$/],
    ['{"method":"info","arguments":[],"context":{}}', /^Request should include context with director uuid$/],
    [
      '{"method":"info","arguments":[],"context":{"director_uuid":"d"},"api_version":"2"}',
      /^api_version must be a positive Integer, got: '"2"'$/,
    ],
  ])('a malformed request %j is an InvalidCall error, exit 0, no stack trace', async (stdin, message) => {
    const run = await raw(stdin);
    expect(run.exit).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.response.error?.type).toBe('InvalidCall');
    expect(run.response.error?.message).toMatch(message);
    expect(run.response.result).toBeNull();
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });

  it('an unknown method is NotImplemented', async () => {
    const run = await raw(JSON.stringify({ method: 'current_vm_id', arguments: [], context }));
    expect(run.response).toMatchObject(
      error('Bosh::Clouds::NotImplemented', "Method is not known, got: 'current_vm_id'"),
    );
  });

  it('wrong arguments are InvalidCall errors naming the problem', async () => {
    expect(await h.call('has_vm', [])).toMatchObject(
      error(
        'InvalidCall',
        "Arguments are not correct, details: 'wrong number of arguments (given 0, expected 1)'",
      ),
    );
    expect(await h.call('create_disk', ['big', {}, null])).toMatchObject(
      error('InvalidCall', `Arguments are not correct, details: 'size must be an Integer, got: "big"'`),
    );
    expect(await h.call('create_disk', [0, {}, null])).toMatchObject(
      error(
        'InvalidCall',
        "Arguments are not correct, details: 'size must be a positive Integer (MiB), got: 0'",
      ),
    );
    expect(await h.call('create_vm', ['agent', 'stemcell', {}, { n: 'x' }, [], {}])).toMatchObject(
      error('InvalidCall', "Arguments are not correct, details: 'networks: network 'n' must be a Hash'"),
    );
    expect(await h.call('calculate_vm_cloud_properties', [{ cpu: 2, ram: 1024 }])).toMatchObject(
      error(
        'InvalidCall',
        "Arguments are not correct, details: 'vm_resources.ephemeral_disk_size must be a non-negative Integer, got: nothing'",
      ),
    );
  });

  it('a missing or invalid config is a CloudError listing every problem', async () => {
    const request = JSON.stringify({ method: 'has_vm', arguments: ['vm-1'], context });
    expect((await raw(request, [])).response).toMatchObject(
      error('Bosh::Clouds::CloudError', 'Usage: bosh-local-cpi <config.json>'),
    );
    const missing = join(h.dir, 'missing.json');
    expect((await raw(request, [missing])).response.error?.message).toBe(
      `Reading local CPI config '${missing}': ENOENT: no such file or directory, open '${missing}'`,
    );
    const bad = join(h.dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ agent: { ntp: 'x' }, isolation: 'vm', dynamic_ip_range: '10.0.0.0/33' }),
    );
    expect((await raw(request, [bad])).response).toMatchObject(
      error(
        'Bosh::Clouds::CloudError',
        [
          'Invalid local CPI config:',
          "- 'data_dir' must be a non-empty string",
          "- 'agent.mbus' must be a string",
          "- 'agent.ntp' must be a list of strings",
          "- 'agent_command' must be a non-empty list of strings",
          `- 'isolation' must be 'none', 'mount-ns' or 'netns', got "vm"`,
          `- 'dynamic_ip_range' must be an IPv4 CIDR, got "10.0.0.0/33"`,
        ].join('\n'),
      ),
    );
    // info needs no config: the director asks it first.
    const info = await raw(JSON.stringify({ method: 'info', arguments: [], context }), [bad]);
    expect(info.response.error).toBeNull();
  });
});

describe('stemcells', () => {
  it('create_stemcell records the image and returns a cid; delete_stemcell removes it', async () => {
    const image = join(h.dir, 'image.tgz');
    await writeFile(image, 'image bytes');
    const cid = String(await h.ok('create_stemcell', [image, { arch: 'x86_64' }]));
    expect(cid).toMatch(/^stemcell-[0-9a-f-]{36}$/);
    const dir = join(h.dataDir, 'stemcells', cid);
    expect(await readFile(join(dir, 'image'), 'utf8')).toBe('image bytes');
    expect(await readJsonFile(join(dir, 'stemcell.json'))).toMatchObject({
      cloud_properties: { arch: 'x86_64' },
    });
    // CPI API v3 adds a third argument with tags.
    const tagged = String(await h.ok('create_stemcell', [image, {}, { tags: { a: 'b' } }], 3));
    expect(await readJsonFile(join(h.dataDir, 'stemcells', tagged, 'stemcell.json'))).toMatchObject({
      tags: { a: 'b' },
    });

    expect(await h.ok('delete_stemcell', [cid])).toBeNull();
    expect(await h.call('delete_stemcell', [cid])).toMatchObject(
      error('Bosh::Clouds::CloudError', `Stemcell '${cid}' not found`),
    );
  });

  it('create_stemcell fails clearly for a missing image', async () => {
    expect(await h.call('create_stemcell', ['/no/such/image', {}])).toMatchObject(
      error('Bosh::Clouds::CloudError', "Stemcell image '/no/such/image' not found"),
    );
  });
});

describe('disks without VMs', () => {
  it('create, metadata, resize, update, snapshot and delete a disk', async () => {
    const cid = String(await h.ok('create_disk', [1024, { type: 'fast' }, null]));
    expect(cid).toMatch(/^disk-/);
    expect(await h.ok('has_disk', [cid])).toBe(true);
    const meta = join(h.dataDir, 'disks', cid, 'disk.json');
    expect(await readJsonFile(meta)).toMatchObject({
      size: 1024,
      cloud_properties: { type: 'fast' },
      attached_to: null,
    });

    expect(await h.ok('set_disk_metadata', [cid, { deployment: 'd', instance_group: 'db' }])).toBeNull();
    expect(await h.ok('resize_disk', [cid, 2048])).toBeNull();
    expect(await h.ok('update_disk', [cid, 4096, { type: 'slow' }])).toBeNull();
    expect(await readJsonFile(meta)).toMatchObject({
      size: 4096,
      cloud_properties: { type: 'slow' },
      metadata: { deployment: 'd', instance_group: 'db' },
    });

    await writeFile(join(h.dataDir, 'disks', cid, 'data', 'file'), 'before');
    const snapshot = String(await h.ok('snapshot_disk', [cid, { note: 'x' }]));
    await writeFile(join(h.dataDir, 'disks', cid, 'data', 'file'), 'after');
    expect(await readFile(join(h.dataDir, 'snapshots', snapshot, 'data', 'file'), 'utf8')).toBe('before');
    expect(await h.ok('delete_snapshot', [snapshot])).toBeNull();
    expect(await h.call('delete_snapshot', [snapshot])).toMatchObject(
      error('Bosh::Clouds::CloudError', `Snapshot '${snapshot}' not found`),
    );

    expect(await h.ok('delete_disk', [cid])).toBeNull();
    expect(await h.ok('has_disk', [cid])).toBe(false);
  });

  it('a missing disk is DiskNotFound for every method that needs it, and has_disk is false', async () => {
    const notFound = error('Bosh::Clouds::DiskNotFound', "Disk 'disk-gone' not found");
    for (const [method, args] of [
      ['delete_disk', ['disk-gone']],
      ['set_disk_metadata', ['disk-gone', {}]],
      ['resize_disk', ['disk-gone', 10]],
      ['update_disk', ['disk-gone', 10, {}]],
      ['snapshot_disk', ['disk-gone', {}]],
    ] as const) {
      expect(await h.call(method, args), method).toMatchObject(notFound);
    }
    expect(await h.ok('has_disk', ['disk-gone'])).toBe(false);
    expect(await h.ok('has_disk', ['../../etc'])).toBe(false);
  });
});
