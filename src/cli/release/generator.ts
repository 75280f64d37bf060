import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';

/** `generate-job` and `generate-package`: the skeletons bosh-cli writes (releasedir FSGenerator). */
export async function generateJob(releaseDir: string, name: string): Promise<void> {
  const dir = join(releaseDir, 'jobs', name);
  if (existsSync(dir)) throw new Error(`Job '${name}' at '${dir}' already exists`);
  await step(
    () => mkdir(join(dir, 'templates'), { recursive: true }),
    `Creating job '${name}' templates dir`,
  );
  const spec = `---\nname: ${name}\n\ntemplates: {}\n\npackages: []\n\nproperties: {}\n`;
  await step(() => writeFile(join(dir, 'spec'), spec), `Creating job '${name}' spec file`);
  await step(() => writeFile(join(dir, 'monit'), ''), `Creating job '${name}' monit file`);
}

export async function generatePackage(releaseDir: string, name: string): Promise<void> {
  const dir = join(releaseDir, 'packages', name);
  if (existsSync(dir)) throw new Error(`Package '${name}' at '${dir}' already exists`);
  await step(() => mkdir(dir, { recursive: true }), `Creating package '${name}' dir`);
  const spec = `---\nname: ${name}\n\ndependencies: []\n\nfiles: []\n`;
  await step(() => writeFile(join(dir, 'spec'), spec), `Creating package '${name}' spec file`);
  await step(
    () => writeFile(join(dir, 'packaging'), 'set -e\n'),
    `Creating package '${name}' packaging file`,
  );
}

async function step(action: () => Promise<unknown>, context: string): Promise<void> {
  try {
    await action();
  } catch (e) {
    throw wrapError(e, context);
  }
}
