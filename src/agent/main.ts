import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { errorChainMessage, toError } from '../base/errors.js';
import type { AgentContext } from './actions/context.js';
import { actionRegistry } from './actions/registry.js';
import { Applier } from './applier/applier.js';
import { SpecStore } from './applier/spec-store.js';
import { parseAgentArgs, USAGE, type AgentOptions } from './argv.js';
import { CascadingBlobstore } from './blobstore/agent-blobstore.js';
import { DirBlobManager } from './blobstore/blob-manager.js';
import { prepareDirectories } from './boot.js';
import { mountLastMountedDisk } from './boot-disks.js';
import { Dirs } from './dirs.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { AgentRestarting, TaskService } from './dispatch/task-service.js';
import { TaskStore } from './dispatch/task-store.js';
import { JobSupervisor as MonitSupervisor } from './supervisor/job-supervisor.js';
import { MonitJobSupervisor } from './supervisor/port-adapter.js';
import { LocalPlatform } from './local-platform.js';
import { lineLogger, type Logger } from './logger.js';
import { resumeSupervision } from './resume-supervision.js';
import type { JobSupervisor } from './ports.js';
import { NodeScriptRunner } from './scripts/node-script-runner.js';
import { SettingsService } from './settings/settings-service.js';
import { defaultIp, effectiveBlobstore, mbusUrl, parallel } from './settings/settings.js';
import { agentSshServer, type AgentSshServer } from './ssh/server.js';
import { serverCertificate } from './transport/mbus-cert.js';
import { HttpsMbus } from './transport/https-mbus.js';
import { heartbeatIntervalMs } from './transport/heartbeat.js';
import type { AlertSource } from './transport/nats-agent.js';
import { isMountPoint, ProcVitals } from './vitals/proc-vitals.js';

const TAG = 'agent';

type Ending = 'signal' | 'shutdown' | 'restart';

/** How one incarnation of the agent ends; signals reach whichever incarnation is current. */
class Lifecycle {
  readonly ended: Promise<Ending>;
  end: (reason: Ending) => void = () => undefined;
  constructor() {
    this.ended = new Promise((resolve) => (this.end = resolve));
  }
}

/**
 * `bosh-agent --settings <file> --base-dir <dir>`: boots, serves the mbus until SIGTERM/SIGINT or `shutdown`
 * (exit 0), and restarts itself in-process when update_settings changes mbus or blobstores. Exit 1 when it cannot
 * boot.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let options: AgentOptions;
  try {
    options = parseAgentArgs(argv);
  } catch (e) {
    process.stderr.write(`bosh-agent: ${toError(e).message}\n${USAGE}\n`);
    return 1;
  }
  const logger = lineLogger(
    (line) => process.stderr.write(line),
    options.logLevel,
    () => new Date(),
  );
  // One supervisor for the whole process: its jobs outlive an in-process restart.
  const monit = new MonitSupervisor({
    baseDir: options.baseDir,
    stoppedMarkerPath: join(options.baseDir, 'monit', 'stopped'),
    log: (level, message) => {
      logger[level]('JobSupervisor', message);
    },
  });
  const supervisor: JobSupervisor = new MonitJobSupervisor(monit, (e) => {
    logger.error('JobSupervisor', `Starting jobs: ${e.message}`);
  });
  // One SSH server for the whole process too: sessions outlive an in-process restart.
  const ssh = agentSshServer(new Dirs(options.baseDir), logger, process.env);
  let current = new Lifecycle();
  const onSignal = () => {
    current.end('signal');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    // The first boot of this process may find jobs a previous agent process left running: it takes them back.
    let resume = true;
    for (;;) {
      current = new Lifecycle();
      const ending = await runAgent(
        options,
        logger,
        supervisor,
        current,
        (l) => monit.onAlert(l),
        ssh,
        resume,
      );
      resume = false;
      if (ending !== 'restart') return 0;
      logger.info(TAG, 'Restarting agent');
    }
  } catch (e) {
    logger.error(TAG, `App setup: ${errorChainMessage(toError(e))}`);
    return 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await ssh.close();
  }
}

async function runAgent(
  options: AgentOptions,
  logger: Logger,
  supervisor: JobSupervisor,
  lifecycle: Lifecycle,
  alerts: AlertSource,
  ssh: AgentSshServer,
  resume: boolean,
): Promise<Ending> {
  const dirs = new Dirs(options.baseDir);
  await prepareDirectories(dirs);
  const settings = new SettingsService(options.settingsPath, dirs, logger);
  await settings.load();
  const url = new URL(mbusUrl(settings.settings, settings.updateSettings));
  if (url.protocol !== 'https:' && url.protocol !== 'nats:') {
    throw new Error(`Message Bus Handler with scheme ${url.protocol.replace(/:$/, '')} could not be found`);
  }
  const blobs = new DirBlobManager(dirs.blobs);
  const sensitiveBlobs = new DirBlobManager(dirs.sensitiveBlobs);
  const blobstore = new CascadingBlobstore({
    dirs,
    managers: [sensitiveBlobs, blobs],
    settings: () => effectiveBlobstore(settings.settings, settings.updateSettings),
  });
  const tasks = new TaskService(logger);
  const ctx: AgentContext = {
    dirs,
    settings,
    specs: new SpecStore(dirs.specFile),
    applier: new Applier({
      dirs,
      blobstore,
      supervisor,
      logger,
      parallel: () => parallel(settings.settings),
    }),
    supervisor,
    blobstore,
    sensitiveBlobs,
    vitals: new ProcVitals(dirs, isMountPoint),
    platform: new LocalPlatform(
      dirs,
      isMountPoint,
      () => {
        lifecycle.end('shutdown');
      },
      undefined,
      ownMountNamespace(process.env) ? '/etc/hosts' : undefined,
    ),
    control: {
      restart: () => {
        setTimeout(() => {
          lifecycle.end('restart');
        }, 1000).unref();
        return Promise.reject(new AgentRestarting('restarting agent'));
      },
    },
    scripts: new NodeScriptRunner(process.env),
    tasks,
    logger,
    ssh,
  };
  await mountLastMountedDisk({ platform: ctx.platform, settings });
  if (resume) await resumeSupervision(ctx, logger);
  const dispatcher = new Dispatcher({
    actions: actionRegistry(ctx),
    tasks,
    store: new TaskStore(dirs.tasksFile),
    newId: randomUUID,
    logger,
  });
  // bosh-agent's Agent#Run: tasks a previous agent process left running are resumed before the mbus is served, so a
  // get_task for one of them never meets an agent that does not know it yet.
  await dispatcher.resumePreviouslyDispatchedTasks();
  let server: { stop(): Promise<void> };
  if (url.protocol === 'nats:') {
    // The NATS client is loaded only by agents on NATS: an agent on the HTTPS mbus stays ~10 MB smaller.
    const { startNatsAgent } = await import('./transport/nats-agent.js');
    server = startNatsAgent({
      settings,
      dispatch: (request, body) => dispatcher.dispatch(request, body),
      specs: ctx.specs,
      supervisor,
      vitals: ctx.vitals,
      logger,
      heartbeatIntervalMs: heartbeatIntervalMs(process.env),
      alerts,
      onFatal: () => {
        lifecycle.end('restart');
      },
    });
  } else {
    const cert = await serverCertificate({
      configured: settings.settings.env.mbusCert,
      dir: dirs.mbusCertDir,
      names: certificateNames(url.hostname, settings.settings),
      commonName: settings.settings.agent_id === '' ? 'bosh-agent' : settings.settings.agent_id,
      nowMs: Date.now(),
    });
    const https = new HttpsMbus({
      url,
      cert,
      blobs,
      logger,
      dispatch: (request, body) => dispatcher.dispatch(request, body),
    });
    const address = await https.start();
    logger.info(TAG, `Listening on https://${address.address}:${String(address.port)}/agent`);
    server = https;
  }
  await ssh.listenWhenNeeded(defaultIp(settings.settings.networks));
  const ending = await lifecycle.ended;
  logger.info(TAG, `Stopping (${ending})`);
  await server.stop();
  if (ending === 'shutdown') await supervisor.stop();
  return ending;
}

/** Names a generated certificate covers: the listen host (unless a wildcard), the network IPs, loopback. */
function certificateNames(
  host: string,
  s: { readonly networks: Readonly<Record<string, { ip: string }>> },
): string[] {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const names = new Set(['127.0.0.1', 'localhost']);
  if (bare !== '0.0.0.0' && bare !== '::' && bare !== '') names.add(bare);
  for (const n of Object.values(s.networks)) if (n.ip !== '') names.add(n.ip);
  return [...names];
}

/** Whether the local CPI started this VM in a mount namespace of its own (so /etc/hosts may be bound over). */
function ownMountNamespace(env: NodeJS.ProcessEnv): boolean {
  const isolation = env.BOSH_LOCAL_CPI_ISOLATION;
  return isolation !== undefined && isolation !== '' && isolation !== 'none';
}
