import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalBlobstore } from '../adapters/blobstore/local-blobstore.js';
import { VerifyingBlobstore } from '../adapters/blobstore/verifying-blobstore.js';
import { NodeCredentialGenerator } from '../adapters/credentials/index.js';
import { openDirectorStore } from '../adapters/db/index.js';
import { ExternalCpi } from '../adapters/external-cpi.js';
import { ServedCpi } from '../adapters/served-cpi.js';
import { agentClientFactory } from '../adapters/agent-client/factory.js';
import { RubyTemplateRenderer } from '../adapters/template-renderer/ruby-template-renderer.js';
import { parseYaml } from '../base/yaml/parse.js';
import type { ApiDeps } from './api/api-deps.js';
import { buildApi } from './api/app.js';
import { authenticator } from './api/auth.js';
import { configRoutes } from './api/config-routes.js';
import { deployRoutes } from './api/deploy-routes.js';
import { deploymentRoutes } from './api/deployment-routes.js';
import { diskRoutes } from './api/disk-routes.js';
import { orphanedVmRoutes } from './api/orphaned-vm-routes.js';
import { cleanupRoutes } from './api/cleanup-routes.js';
import { orphanedVmCleanupSchedule } from './jobs/cleanup/scheduled-orphaned-vm-cleanup.js';
import { Scheduler } from './tasks/scheduler.js';
import { infoRoutes } from './api/info-routes.js';
import { legacyConfigRoutes } from './api/legacy-config-routes.js';
import { errandRoutes } from './api/errand-routes.js';
import { logsSshRoutes } from './api/logs-ssh-routes.js';
import { instanceStateRoutes } from './api/instance-state-routes.js';
import { lockEventRoutes } from './api/lock-event-routes.js';
import { releaseRoutes } from './api/release-routes.js';
import { signedBlobRoutes } from './api/signed-blob-routes.js';
import { stemcellRoutes } from './api/stemcell-routes.js';
import { taskRoutes } from './api/task-routes.js';
import { variablesRoutes } from './api/variables-routes.js';
import { parseDirectorArgs, USAGE } from './argv.js';
import { decodeDirectorConfig, type DirectorConfig } from './config/director-config.js';
import { prepareEmbedded } from './config/embedded.js';
import { plainYaml } from './config/plain-yaml.js';
import { BlobUrlSigner } from './blobs/url-signer.js';
import { openConfigServer } from './config-server/index.js';
import { directorJobs } from './jobs/registry.js';
import { LockService } from './tasks/lock-service.js';
import { TaskFiles } from './tasks/task-files.js';
import { TaskRunner } from './tasks/task-runner.js';

export const VERSION = '0.1.0 (bosh-ts)';

/** `bosh-director`: serves until SIGTERM/SIGINT (exit 0); exit 1 when it cannot start. */
export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseDirectorArgs(argv);
  } catch (e) {
    process.stderr.write(`bosh-director: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 1;
  }
  if (args.mode === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    let configPath: string;
    let credsPath: string | undefined;
    if (args.mode === 'embedded') {
      const dataDir = resolve(args.dataDir);
      const bins = resolve(__dirname, '..', 'bin');
      const embedded = await prepareEmbedded({
        dataDir,
        port: args.port,
        generator: new NodeCredentialGenerator(),
        localCpi: [process.execPath, join(bins, 'bosh-local-cpi.cjs')],
        agentCommand: [process.execPath, join(bins, 'bosh-agent.cjs')],
      });
      configPath = embedded.configPath;
      credsPath = embedded.credsPath;
    } else configPath = resolve(args.configPath);
    const config = decodeDirectorConfig(
      plainYaml(parseYaml(await readFile(configPath, 'utf8'))),
      dirname(configPath),
    );
    const { stop, port } = await serve(config);
    const url = `https://${config.bind}:${String(port)}`;
    process.stdout.write(
      `Director '${config.name}' listening on ${url}\n` +
        (credsPath === undefined
          ? ''
          : `Credentials (admin_password, director_ca): ${credsPath}\n` +
            `Log in: bosh alias-env local -e ${url} --ca-cert <(bosh int ${credsPath} --path /director_ca)\n` +
            `        BOSH_CLIENT=admin BOSH_CLIENT_SECRET=$(bosh int ${credsPath} --path /admin_password) bosh -e local env\n`),
    );
    await new Promise<void>((done) => {
      const onSignal = () => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        done();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    await stop();
    return 0;
  } catch (e) {
    process.stderr.write(`bosh-director: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Wires the director's adapters, starts the workers and the API; returns how to stop them. */
async function serve(config: DirectorConfig): Promise<{ stop: () => Promise<void>; port: number }> {
  const tmpDir = join(config.dataDir, 'tmp');
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  await mkdir(join(config.dataDir, 'tasks'), { recursive: true, mode: 0o750 });
  const store = await openDirectorStore(config.db);
  const uuid = await store.attributes.setIfMissing('uuid', randomUUID());
  const now = () => Date.now() / 1000;
  const localBlobs = new LocalBlobstore(config.blobstorePath);
  const blobstore = new VerifyingBlobstore(localBlobs);
  const files = new TaskFiles(join(config.dataDir, 'tasks'));
  let baseUrl = `https://${config.bind}:${String(config.port)}`;
  const signingKey = await store.attributes.setIfMissing(
    'blobstore_signing_key',
    randomBytes(32).toString('hex'),
  );
  const signer = new BlobUrlSigner(Buffer.from(signingKey, 'hex'), () => baseUrl);
  // The built-in config server: values encrypted with a key kept in the data dir (never in the DB, never logged).
  const configServer = await openConfigServer(config.dataDir, {
    values: store.configServerValues,
    generator: new NodeCredentialGenerator(),
  });

  const locks = new LockService({
    locks: store.locks,
    tasks: store.tasks,
    events: store.events,
    now,
    newUid: randomUUID,
    sleep: (ms) => sleep(ms),
  });
  const served =
    config.cpi?.serve === true
      ? new ServedCpi(config.cpi.executable, config.cpi.config, (line) => process.stderr.write(`${line}\n`))
      : undefined;
  const cpiFor = (log: (text: string) => void) =>
    config.cpi === undefined
      ? undefined
      : new ExternalCpi({
          executable: config.cpi.executable,
          configPath: config.cpi.config,
          directorUuid: uuid,
          newRequestId: randomUUID,
          log,
          served,
        });
  const mbus = config.cpi === undefined ? undefined : await cpiMbus(config.cpi.config);
  const runner = new TaskRunner({
    store,
    files,
    locks,
    jobs: directorJobs({
      store,
      blobstore,
      tmpDir,
      cpiFor,
      files,
      deploy: {
        store,
        blobstore,
        tmpDir,
        cpiFor,
        agents: agentClientFactory({ httpsTrust: { insecureSkipVerify: true } }),
        mbusFor: (ip) => mbus?.replace('{ip}', ip),
        renderer: () => new RubyTemplateRenderer(),
        newId: randomUUID,
        cpiLog: (id, text) => {
          files.append(id, 'cpi', text);
        },
        configServer: { server: configServer, directorName: config.name },
      },
    }),
    now,
    workers: config.workers,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await runner.start();
  const scheduler = new Scheduler(
    {
      tasks: store.tasks,
      notify: () => {
        runner.notify();
      },
      now,
      log: (line) => process.stderr.write(`${line}\n`),
    },
    [orphanedVmCleanupSchedule(store, config.orphanedVmCleanupInterval)],
  );
  scheduler.start();
  const deps: ApiDeps = {
    config,
    uuid,
    version: VERSION,
    store,
    files,
    blobstore,
    authenticate: authenticator(config.userManagement),
    notifyTasks: () => {
      runner.notify();
    },
    tmpDir,
    cpiName: '',
    now,
  };
  const app = buildApi(deps, [
    infoRoutes,
    taskRoutes,
    lockEventRoutes,
    configRoutes,
    legacyConfigRoutes,
    releaseRoutes,
    stemcellRoutes,
    deploymentRoutes,
    deployRoutes,
    variablesRoutes,
    diskRoutes,
    orphanedVmRoutes,
    cleanupRoutes,
    logsSshRoutes,
    errandRoutes,
    instanceStateRoutes,
    signedBlobRoutes(signer, (id, file) => localBlobs.createAs(id, file)),
  ]);
  await app.listen({ host: config.bind, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  baseUrl = `https://${config.bind}:${String(port)}`;
  return {
    port,
    stop: async () => {
      await app.close();
      await scheduler.stop();
      await runner.stop();
      await served?.stop();
      await store.close();
    },
  };
}

/** The CPI config's `agent.mbus` (`https://mbus:<pw>@{ip}:6868`), if it names one. */
async function cpiMbus(path: string): Promise<string | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { agent?: { mbus?: unknown } } | null;
    return typeof parsed?.agent?.mbus === 'string' ? parsed.agent.mbus : undefined;
  } catch {
    return undefined;
  }
}
