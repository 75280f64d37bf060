import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import {
  configuredUrl,
  directorPid,
  portFree,
  readCreds,
  runningDirector,
  startDirector,
  stopDirector,
  type RunningDirector,
} from './director.js';
import { ALIAS, BINS, DEPLOYMENT, EXAMPLES, type DemoLayout } from './layout.js';
import { DEFAULT_PORT, type DemoOptions } from './options.js';
import { buildRelease, directorHasRelease } from './release.js';
import { boshOk, boshQuiet, heading, run, shown } from './run.js';

/** `npm run demo`: every step is idempotent, so a re-run finds what is there and changes nothing. */
export async function up(o: DemoOptions, layout: DemoLayout): Promise<void> {
  await claimDataDir(layout);
  heading(`The director, with the local CPI (data dir ${layout.root})`);
  const director = await ensureDirector(o, layout);
  const { adminPassword, ca } = await readCreds(layout);
  await writeFile(layout.caFile, ca);

  heading(`Aliasing the environment '${ALIAS}' and logging in as admin`);
  await boshOk('alias-env', ['alias-env', ALIAS, '-e', director.url, '--ca-cert', layout.caFile]);
  await boshOk('log-in', ['-e', ALIAS, 'log-in'], {
    BOSH_CLIENT: 'admin',
    BOSH_CLIENT_SECRET: adminPassword,
  });

  heading('Uploading a local stemcell');
  if (!existsSync(layout.stemcell)) {
    process.stdout.write(`$ bosh-local-cpi build-stemcell --version 1.0 --output ${layout.stemcell}\n`);
    const args = [BINS.localCpi, 'build-stemcell', '--version', '1.0', '--output', layout.stemcell];
    const built = await run(process.execPath, args, process.env, true);
    if (built.code !== 0) throw new Error('Building the stemcell failed');
  }
  await boshOk('upload-stemcell', ['-e', ALIAS, 'upload-stemcell', layout.stemcell]);

  heading('Creating and uploading the release examples/demo-release');
  const release = await buildRelease(layout);
  if (await directorHasRelease(release.name, release.version)) {
    process.stdout.write(`Release '${release.name}/${release.version}' is already uploaded.\n`);
  } else await boshOk('upload-release', ['-e', ALIAS, 'upload-release', layout.releaseTarball]);

  heading('Updating the cloud config and deploying');
  await boshOk('update-cloud-config', [
    '-n',
    '-e',
    ALIAS,
    'update-cloud-config',
    EXAMPLES.cloudConfig,
    '-v',
    `vm_range=${o.network}`,
  ]);
  await boshOk('deploy', ['-n', '-e', ALIAS, '-d', DEPLOYMENT, 'deploy', EXAMPLES.manifest]);

  heading('The instances');
  await boshOk('instances', ['-e', ALIAS, '-d', DEPLOYMENT, 'instances']);
  await printNextSteps(layout, director);
}

/** Adopts a data dir only if the demo made it (or it is new or empty): `--down` removes it whole. */
async function claimDataDir(layout: DemoLayout): Promise<void> {
  if (existsSync(layout.root) && !existsSync(layout.marker) && (await readdir(layout.root)).length > 0) {
    throw new Error(`${layout.root} is not empty and was not made by npm run demo; choose another --dir`);
  }
  await mkdir(layout.root, { recursive: true, mode: 0o700 });
  await writeFile(
    layout.marker,
    'Made by `npm run demo`; `npm run demo -- --down` removes this directory.\n',
  );
}

/** Reuses a running director on the wanted port; else (re)starts it, after checking the port is free. */
async function ensureDirector(o: DemoOptions, layout: DemoLayout): Promise<RunningDirector> {
  const running = await runningDirector(layout);
  const wantedPort = o.port ?? portOf(await configuredUrl(layout)) ?? DEFAULT_PORT;
  if (running !== undefined && portOf(running.url) === wantedPort) {
    process.stdout.write(`Director already running at ${running.url} (pid ${String(running.pid)})\n`);
    return running;
  }
  // Alive but not answering, or on another port: start it again (its VMs keep running meanwhile).
  if ((await directorPid(layout)) !== undefined) await stopDirector(layout);
  if (!(await portFree(wantedPort))) {
    throw new Error(
      `port ${String(wantedPort)} on 127.0.0.1 is in use by another program; ` +
        'choose another with npm run demo -- --port N (or BOSH_TS_DEMO_PORT=N)',
    );
  }
  const started = await startDirector(layout, wantedPort);
  process.stdout.write(
    `Director listening on ${started.url} (pid ${String(started.pid)}, log ${layout.logFile})\n`,
  );
  return started;
}

function portOf(url: string | undefined): number | undefined {
  return url === undefined ? undefined : Number(new URL(url).port);
}

async function printNextSteps(layout: DemoLayout, director: RunningDirector): Promise<void> {
  const listed = await boshQuiet(['-e', ALIAS, '-d', DEPLOYMENT, 'instances', '--json']);
  const rows = listed.code === 0 ? instanceRows(listed.stdout) : [];
  const ip = rows.map((r) => r.ips?.split(/[\s,]+/)[0]).find((first) => first !== undefined && first !== '');
  process.stdout.write(
    `\nDeployment '${DEPLOYMENT}' is running on environment '${ALIAS}' (${director.url}).\n` +
      `The director keeps running in the background (pid ${String(director.pid)}, log ${shown(layout.logFile)}).\n` +
      `Try:\n` +
      `  npx bosh -e ${ALIAS} -d ${DEPLOYMENT} instances --ps\n` +
      // 8080: the web job's default port, which the manifest keeps.
      (ip === undefined ? '' : `  curl http://${ip}:8080/\n`) +
      `  npx bosh -e ${ALIAS} tasks --recent\n` +
      '(npx bosh runs ./bin/bosh.cjs from this directory; npm link puts bosh on your PATH.)\n' +
      'To stop and remove everything: npm run demo -- --down\n',
  );
}

function instanceRows(json: string): Record<string, string | undefined>[] {
  const parsed = JSON.parse(json) as { Tables?: { Rows?: Record<string, string | undefined>[] }[] };
  return parsed.Tables?.[0]?.Rows ?? [];
}
