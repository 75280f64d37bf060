import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { configuredUrl, readCreds, runningDirector, stopDirector } from './director.js';
import { ALIAS, DEPLOYMENT, type DemoLayout } from './layout.js';
import { bosh, boshOk, boshQuiet, heading } from './run.js';
import { deleteVms, killLeftovers, vmCids } from './vms.js';

/**
 * `npm run demo -- --down`: deletes the deployment through the director when it can, stops the director, deletes
 * whatever VMs are left through the local CPI, then removes the data dir and the alias. Re-runnable too: each
 * step skips what is already gone.
 */
export async function down(layout: DemoLayout): Promise<void> {
  const url = await configuredUrl(layout);
  if (existsSync(layout.root)) {
    if (!existsSync(layout.marker)) {
      throw new Error(`${layout.root} was not made by npm run demo (no ${layout.marker}); not removing it`);
    }
    await deleteDeployment(layout, url !== undefined && (await aliasedUrl()) === url);
    heading('Stopping the director and removing what is left');
    if (await stopDirector(layout)) process.stdout.write('Director stopped\n');
    const cids = await vmCids(layout);
    await deleteVms(layout, cids);
    await killLeftovers(layout, cids);
    await rm(layout.root, { recursive: true, force: true });
    // The default data dir's parent, ~/.bosh-ts, when the demo was all it held.
    if (basename(dirname(layout.root)) === '.bosh-ts')
      await rmdir(dirname(layout.root)).catch(() => undefined);
    process.stdout.write(`Removed ${layout.root}\n`);
  }
  await removeAlias(url);
}

/**
 * The director's own way first (through the alias when it still points there, else by URL as the admin); a
 * director that is down or fails leaves the VMs to the local CPI.
 */
async function deleteDeployment(layout: DemoLayout, viaAlias: boolean): Promise<void> {
  const director = await runningDirector(layout);
  if (director === undefined) return;
  heading(`Deleting the deployment '${DEPLOYMENT}'`);
  const { adminPassword, ca } = await readCreds(layout);
  const env = { BOSH_CA_CERT: ca, BOSH_CLIENT: 'admin', BOSH_CLIENT_SECRET: adminPassword };
  const args = ['-n', '-e', viaAlias ? ALIAS : director.url, '-d', DEPLOYMENT, 'delete-deployment'];
  const deleted = await bosh(args, viaAlias ? {} : env);
  if (deleted.code !== 0) {
    process.stdout.write(
      'The director could not delete the deployment: its VMs are deleted directly below.\n',
    );
  }
}

/**
 * Forgets the alias when it points at the demo's director; when the data dir is gone already (an earlier
 * `--down`), at any director on 127.0.0.1, where the demo's listens. Another director's `demo` alias stays.
 */
async function removeAlias(url: string | undefined): Promise<void> {
  const aliased = await aliasedUrl();
  if (aliased === undefined) return;
  if (url === undefined ? !aliased.startsWith('https://127.0.0.1:') : aliased !== url) {
    process.stdout.write(
      `Keeping the alias '${ALIAS}': it points at ${aliased}, not at the demo's director\n`,
    );
    return;
  }
  heading(`Removing the alias '${ALIAS}'`);
  await boshOk('unalias-env', ['unalias-env', ALIAS]);
}

/** Where the alias points in the CLI's config, if it exists. */
async function aliasedUrl(): Promise<string | undefined> {
  const listed = await boshQuiet(['environments', '--json']);
  if (listed.code !== 0) return undefined;
  const parsed = JSON.parse(listed.stdout) as { Tables?: { Rows?: Record<string, string | undefined>[] }[] };
  return parsed.Tables?.[0]?.Rows?.find((r) => r.alias === ALIAS)?.url;
}
