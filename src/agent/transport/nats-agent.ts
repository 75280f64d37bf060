import { errorChainMessage, toError, wrapError } from '../../base/errors.js';
import type { GoJson } from '../../base/go-json.js';
import type { AgentRequest, AgentResponse, ApplySpec, UpdateSettings } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';
import type { JobSupervisor, VitalsService } from '../ports.js';
import type { AgentSettings } from '../settings/settings.js';
import type { SupervisorAlert } from '../supervisor/types.js';
import { hmAlert, monitSeverity } from './alerts.js';
import { buildHeartbeat, Heartbeats } from './heartbeat.js';
import { NatsMbus, type Target, type Topic } from './nats-mbus.js';
import { mbusCerts, mbusUrls } from './nats-settings.js';

const TAG = 'agent';

/** Subscribes a listener to the supervisor's alerts (monit's alert mails); returns the unsubscribe function. */
export type AlertSource = (listener: (alert: SupervisorAlert) => void) => () => void;

export interface NatsAgentDeps {
  readonly settings: {
    readonly settings: AgentSettings;
    readonly updateSettings: UpdateSettings | undefined;
  };
  readonly dispatch: (request: AgentRequest, rawBody: string) => Promise<AgentResponse>;
  readonly specs: { get(): Promise<ApplySpec> };
  readonly supervisor: Pick<JobSupervisor, 'jobState' | 'processes'>;
  readonly vitals: VitalsService;
  readonly logger: Logger;
  readonly heartbeatIntervalMs: number;
  /** Alerts to forward to `hm.agent.alert.<agent_id>`; none when absent. */
  readonly alerts?: AlertSource;
  /**
   * What bosh-agent exits on (exit 1, restarted by its init system): a heartbeat that could not be built or sent,
   * an alert that could not be sent, a failed subscription. Already logged when called.
   */
  readonly onFatal: (err: Error) => void;
}

/** The NATS side of a running agent: `send` for other notices (`hm.agent.shutdown`), `stop` at the end. */
export interface NatsAgent {
  send(target: Target, topic: Topic, message: GoJson): void;
  stop(): Promise<void>;
}

/**
 * The agent over NATS (`Agent.Run` with the NATS handler): serves `agent.<agent_id>`, heartbeats on
 * `hm.agent.heartbeat.<agent_id>` (the first as soon as the connection is up, then every interval) and forwards
 * supervisor alerts to `hm.agent.alert.<agent_id>` as bosh-agent's monit adapter does. Throws when the mbus URLs
 * or certificates are unusable; otherwise returns at once, the connection being made in the background.
 */
export function startNatsAgent(deps: NatsAgentDeps): NatsAgent {
  const { settings, logger } = deps;
  const s = settings.settings;
  let fatal = false;
  const onFatal = (err: Error) => {
    if (fatal) return;
    fatal = true;
    deps.onFatal(err);
  };
  const heartbeats = new Heartbeats({
    intervalMs: deps.heartbeatIntervalMs,
    build: () => heartbeat(deps),
    send: (hb) => {
      mbus.send('hm', 'heartbeat', hb);
    },
    onFatal,
    logger,
  });
  const mbus = new NatsMbus({
    agentId: s.agent_id,
    urls: mbusUrls(s, settings.updateSettings),
    cert: mbusCerts(s, settings.updateSettings),
    dispatch: deps.dispatch,
    logger,
    onConnected: () => {
      heartbeats.start();
    },
    onFatal,
  });
  mbus.start();
  const unsubscribe = deps.alerts?.((alert) => {
    forwardAlert(alert, deps, mbus, onFatal);
  });
  return {
    send: (target, topic, message) => {
      mbus.send(target, topic, message);
    },
    stop: async () => {
      unsubscribe?.();
      heartbeats.stop();
      await mbus.stop();
    },
  };
}

/** `Agent.getHeartbeat`: vitals, spec and job state; the process count is null when it cannot be read. */
async function heartbeat(deps: NatsAgentDeps): Promise<GoJson> {
  const vitals = await deps.vitals.get().catch((e: unknown) => {
    throw wrapError(e, 'Getting job vitals');
  });
  const spec = await deps.specs.get().catch((e: unknown) => {
    throw wrapError(e, 'Getting job spec');
  });
  const jobState = await deps.supervisor.jobState().catch(() => 'unknown');
  let processes: number | null = null;
  try {
    processes = (await deps.supervisor.processes()).length;
  } catch (e) {
    deps.logger.debug(TAG, `Failed to get processes for heartbeat: ${errorChainMessage(toError(e))}`);
  }
  return buildHeartbeat(spec, jobState, vitals, processes);
}

/** `Agent.handleJobFailure`: ignorable events are dropped, unknown ones sent as critical. */
function forwardAlert(
  alert: SupervisorAlert,
  deps: NatsAgentDeps,
  mbus: NatsMbus,
  onFatal: (err: Error) => void,
): void {
  const { logger } = deps;
  const { severity, found } = monitSeverity(alert.event);
  if (severity === -1) {
    logger.debug(TAG, `Ignored monit event: ${alert.event}`);
    return;
  }
  if (!found) {
    logger.error(
      TAG,
      `Unknown monit event name \`${alert.event}', using default severity ${String(severity)}`,
    );
  }
  const ips = Object.values(deps.settings.settings.networks)
    .map((n) => n.ip)
    .filter((ip) => ip !== '');
  try {
    mbus.send('hm', 'alert', hmAlert(alert, ips));
  } catch (e) {
    const err = wrapError(e, 'Sending monit alert');
    logger.error(TAG, errorChainMessage(err));
    onFatal(err);
  }
}
