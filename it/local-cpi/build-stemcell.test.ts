import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { describe, expect, it } from 'vitest';
import { bin, h, useCpiHarness } from './support.js';

// `bosh-local-cpi build-stemcell` writes a stemcell tarball the director can unpack and hand to create_stemcell.
useCpiHarness();

function buildStemcell(args: readonly string[]) {
  const run = spawnSync(process.execPath, [bin, 'build-stemcell', ...args], { cwd: h.dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bosh-local-cpi build-stemcell', () => {
  it('writes stemcell.MF, image and packages.txt; the image is what the manifest sha1 names', async () => {
    const run = buildStemcell(['--version', '2.5', '--os', 'ubuntu-jammy']);
    const tarball = join(h.dir, 'bosh-stemcell-2.5-local-ubuntu-jammy-go_agent.tgz');
    expect(run).toEqual({
      status: 0,
      stdout: `Stemcell bosh-local-ubuntu-jammy-go_agent/2.5 written to ${tarball}\n`,
      stderr: '',
    });
    const unpacked = join(h.dir, 'unpacked');
    await mkdir(unpacked);
    await extract({ file: tarball, cwd: unpacked });
    expect((await readdir(unpacked)).sort()).toEqual(['image', 'packages.txt', 'stemcell.MF']);
    const image = await readFile(join(unpacked, 'image'));
    expect(await readFile(join(unpacked, 'stemcell.MF'), 'utf8')).toBe(
      'name: bosh-local-ubuntu-jammy-go_agent\nversion: "2.5"\noperating_system: ubuntu-jammy\n' +
        `sha1: ${createHash('sha1').update(image).digest('hex')}\nbosh_protocol: "1"\n` +
        'stemcell_formats:\n- local\napi_version: 3\ncloud_properties: {}\n',
    );
    const imageDir = join(h.dir, 'image-root');
    await mkdir(imageDir);
    await extract({ file: join(unpacked, 'image'), cwd: imageDir });
    expect(await readFile(join(imageDir, 'etc', 'os-release'), 'utf8')).toBe(
      await readFile('/etc/os-release', 'utf8'),
    );

    const cid = String(await h.ok('create_stemcell', [join(unpacked, 'image'), {}]));
    expect(await readFile(join(h.dataDir, 'stemcells', cid, 'image'))).toEqual(image);
  });

  it('names the output after the options and refuses bad ones with usage', () => {
    const named = buildStemcell(['--name', 'my-stemcell', '--output', 'out.tgz']);
    expect(named.status).toBe(0);
    expect(named.stdout).toBe(`Stemcell my-stemcell/1.0 written to ${join(h.dir, 'out.tgz')}\n`);

    const bad = buildStemcell(['--version', 'not a version']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^bosh-local-cpi build-stemcell: Invalid stemcell version 'not a version'\nUsage: bosh-local-cpi build-stemcell /,
    );
    const unknown = buildStemcell(['--bogus']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^bosh-local-cpi build-stemcell: Unknown option '--bogus'/);
  });
});
