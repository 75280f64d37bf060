import type { CpiContext } from '../../protocol/cpi.js';
import type { Args } from './args.js';
import type { LocalCpiConfig } from './config.js';
import type { Layout } from './layout.js';
import type { LaunchMode } from './namespace.js';

/** What every method of the local CPI gets: config, request facts, and the clock/ids/log from main.ts. */
export interface CpiEnv {
  readonly config: LocalCpiConfig;
  readonly layout: Layout;
  /** 1 when the request had no api_version (CPI API v1), else the requested version. */
  readonly apiVersion: number;
  readonly context: CpiContext;
  /** A new cid such as `vm-<uuid>`. */
  readonly newCid: (prefix: string) => string;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** Resolved on first use (it may probe the host for namespaces). */
  readonly launchMode: () => LaunchMode;
}

export type Handler = (env: CpiEnv, args: Args) => Promise<unknown>;
