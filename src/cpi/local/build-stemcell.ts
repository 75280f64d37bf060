import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { create } from 'tar';
import { operatingSystemOf, stemcellManifestYaml } from './stemcell-manifest.js';

export const BUILD_STEMCELL_USAGE = `Usage: bosh-local-cpi build-stemcell [--name NAME] [--version VERSION] [--os OS] [--output PATH]

Builds a stemcell tarball for the local CPI (stemcell.MF + image, format 'local'). Local VMs run the host's own
root file system, so the image only records the host's os-release. Defaults: OS from /etc/os-release,
name bosh-local-<os>-go_agent, version 1.0, output bosh-stemcell-<version>-local-<os>-go_agent.tgz.`;

export interface BuiltStemcell {
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly sha1: string;
}

/** `bosh-local-cpi build-stemcell ...`: writes the tarball and returns what it holds. */
export async function buildStemcell(
  argv: readonly string[],
  osReleasePath = '/etc/os-release',
): Promise<BuiltStemcell> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      name: { type: 'string' },
      version: { type: 'string' },
      os: { type: 'string' },
      output: { type: 'string' },
    },
    strict: true,
  });
  const osRelease = await readFile(osReleasePath, 'utf8').catch(() => '');
  const os = values.os ?? operatingSystemOf(osRelease);
  const name = values.name ?? `bosh-local-${os}-go_agent`;
  const version = values.version ?? '1.0';
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version))
    throw new Error(`Invalid stemcell version '${version}'`);
  const output = resolve(values.output ?? `bosh-stemcell-${version}-local-${os}-go_agent.tgz`);

  const work = await mkdtemp(join(tmpdir(), 'bosh-local-stemcell-'));
  try {
    const root = join(work, 'root');
    await mkdir(join(root, 'etc'), { recursive: true });
    await writeFile(join(root, 'etc', 'os-release'), osRelease);
    const stage = join(work, 'stemcell');
    await mkdir(stage);
    await create({ file: join(stage, 'image'), cwd: root, gzip: true, portable: true }, ['.']);
    const sha1 = createHash('sha1')
      .update(await readFile(join(stage, 'image')))
      .digest('hex');
    await writeFile(
      join(stage, 'stemcell.MF'),
      stemcellManifestYaml({ name, version, operatingSystem: os, sha1, apiVersion: 3 }),
    );
    await writeFile(join(stage, 'packages.txt'), '');
    const tarball = join(work, 'stemcell.tgz');
    await create({ file: tarball, cwd: stage, gzip: true, portable: true }, [
      'stemcell.MF',
      'image',
      'packages.txt',
    ]);
    await copyFile(tarball, output);
    return { path: output, name, version, sha1 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
