import { errorChainMessage, toError, wrapError } from '../../base/errors.js';
import type { GoJson } from '../../base/go-json.js';
import type { ApplySpec, Vitals } from '../../protocol/agent.js';
import type { Logger } from '../logger.js';

const TAG = 'agent';

/** bosh-agent's heartbeat period (`app.go`). */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** `heartbeatMaxRetries` × `HeartbeatRetryInterval` for the periodic heartbeats (the first one is tried once). */
export const HEARTBEAT_MAX_ATTEMPTS = 60;
export const HEARTBEAT_RETRY_INTERVAL_MS = 1000;

/** `BOSH_AGENT_HEARTBEAT_INTERVAL_MS` (a positive integer) overrides the 30 s period, for tests. */
export const HEARTBEAT_INTERVAL_ENV = 'BOSH_AGENT_HEARTBEAT_INTERVAL_MS';

export function heartbeatIntervalMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[HEARTBEAT_INTERVAL_ENV];
  if (raw === undefined || raw === '') return HEARTBEAT_INTERVAL_MS;
  if (!/^[1-9]\d*$/.test(raw))
    throw new Error(`${HEARTBEAT_INTERVAL_ENV} must be a positive integer, got '${raw}'`);
  return Number(raw);
}

/** A Go string field with `omitempty`: left out when empty. */
const opt = <K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> =>
  v === undefined || v === '' ? {} : ({ [key]: v } as Record<K, string>);

/** `vitals.Vitals` as Go marshals it: struct field order, empty fields and maps left out, disk names sorted. */
export function encodeVitals(v: Vitals): GoJson {
  const disks = Object.keys(v.disk ?? {}).sort();
  const mem = (m: Vitals['mem']) => ({ ...opt('kb', m.kb), ...opt('percent', m.percent) });
  return {
    cpu: { ...opt('sys', v.cpu.sys), ...opt('user', v.cpu.user), ...opt('wait', v.cpu.wait) },
    ...(disks.length === 0
      ? {}
      : {
          disk: Object.fromEntries(
            disks.map((name) => {
              const d = v.disk?.[name] ?? {};
              return [name, { ...opt('inode_percent', d.inode_percent), ...opt('percent', d.percent) }];
            }),
          ),
        }),
    ...(v.load === undefined || v.load.length === 0 ? {} : { load: [...v.load] }),
    mem: mem(v.mem),
    swap: mem(v.swap),
    uptime: v.uptime.secs === undefined || v.uptime.secs === 0 ? {} : { secs: v.uptime.secs },
  };
}

/**
 * The `hm.agent.heartbeat.<agent_id>` payload (`agent.Heartbeat`): from the stored apply spec its deployment, job
 * name and index (null without a spec) and instance id as `node_id`; the supervisor's job state; the vitals; the
 * number of supervised processes (null when the supervisor could not list them).
 */
export function buildHeartbeat(
  spec: ApplySpec,
  jobState: string,
  vitals: Vitals,
  numberOfProcesses: number | null,
): GoJson {
  return {
    deployment: spec.deployment,
    job: spec.job.name,
    index: spec.index,
    job_state: jobState,
    vitals: encodeVitals(vitals),
    node_id: spec.id,
    number_of_processes: numberOfProcesses,
  };
}

export interface HeartbeatsOptions {
  readonly intervalMs: number;
  /** Builds one heartbeat; a failure is fatal ("Building heartbeat"). */
  readonly build: () => Promise<GoJson>;
  /** Publishes one; throws when it cannot. */
  readonly send: (heartbeat: GoJson) => void;
  /** A heartbeat that could not be built or sent after its attempts: bosh-agent exits to be restarted. */
  readonly onFatal: (err: Error) => void;
  readonly logger: Logger;
  readonly maxAttempts?: number;
  readonly retryIntervalMs?: number;
}

/**
 * `Agent.generateHeartbeats`: one heartbeat at once (a single attempt), then one per interval, each retried up to
 * 60 times a second apart. A tick that comes while the previous heartbeat is still being retried is skipped.
 */
export class Heartbeats {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly o: HeartbeatsOptions) {}

  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    void this.beat(1);
    this.timer = setInterval(() => {
      if (!this.busy) void this.beat(this.o.maxAttempts ?? HEARTBEAT_MAX_ATTEMPTS);
    }, this.o.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
  }

  private async beat(attempts: number): Promise<void> {
    const { logger } = this.o;
    this.busy = true;
    try {
      logger.debug(TAG, 'Building heartbeat');
      let heartbeat: GoJson;
      try {
        heartbeat = await this.o.build();
      } catch (e) {
        this.fatal(wrapError(e, 'Building heartbeat'));
        return;
      }
      for (let attempt = 1; !this.stopped; attempt++) {
        try {
          logger.info(TAG, 'Attempting to send Heartbeat');
          this.o.send(heartbeat);
          return;
        } catch (e) {
          const err = wrapError(e, 'Sending Heartbeat');
          if (attempt >= attempts) {
            this.fatal(err);
            return;
          }
          logger.debug(TAG, `Attempt ${String(attempt)} failed: ${errorChainMessage(err)}`);
          await this.sleep(this.o.retryIntervalMs ?? HEARTBEAT_RETRY_INTERVAL_MS);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private fatal(err: Error): void {
    if (this.stopped) return;
    this.o.logger.error(TAG, errorChainMessage(toError(err)));
    this.o.onFatal(err);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
