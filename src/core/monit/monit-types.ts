/**
 * The data model of the monit-file subset BOSH job releases use (monit 5.2 control-file syntax, as rendered from a
 * job's `monit` template). Everything is plain data: the parser builds it, the agent's supervisor runs it.
 */

/** A program monit runs: `start program "CMD" [as uid X and gid Y] [with timeout N seconds]`. */
export interface MonitProgram {
  readonly command: string;
  readonly uid?: string;
  readonly gid?: string;
  /** Absent when the file gives none; monit's default is 30 seconds. */
  readonly timeoutSeconds?: number;
  readonly line: number;
}

export type MonitActionKind = 'alert' | 'restart' | 'start' | 'stop' | 'unmonitor' | 'timeout' | 'exec';

export interface MonitAction {
  readonly kind: MonitActionKind;
  /** The program of an `exec` action. */
  readonly program?: MonitProgram;
}

/** `for N cycles` is `{ times: N, within: N }`; `N times within M cycles` is `{ times: N, within: M }`. */
export interface MonitCycles {
  readonly times: number;
  readonly within: number;
}

export type MonitOperator = '>' | '<' | '=' | '!=' | '>=' | '<=';

export type MonitResource = 'totalmem' | 'mem' | 'cpu' | 'totalcpu' | 'children';

interface RuleBase {
  readonly line: number;
  /** The rule as written, one space between tokens (for messages and alerts). */
  readonly text: string;
  readonly cycles: MonitCycles;
  readonly action: MonitAction;
  /** `else if succeeded then ACTION`. */
  readonly recovery?: MonitAction;
}

/** `if totalmem > 3000 MB for 2 cycles then restart`; a memory limit is in bytes, cpu in percent. */
export interface MonitResourceRule extends RuleBase {
  readonly kind: 'resource';
  readonly resource: MonitResource;
  readonly operator: MonitOperator;
  readonly limit: number;
  readonly unit: 'bytes' | 'percent' | 'count';
}

/** `if failed [host H] port N [type tcp] [protocol http [request "/x"]] [with timeout N seconds] then restart`. */
export interface MonitPortRule extends RuleBase {
  readonly kind: 'port';
  readonly host: string;
  readonly port: number;
  readonly type: 'tcp' | 'udp' | 'tcpssl';
  readonly protocol?: string;
  readonly request?: string;
  /** Raw option tokens the supervisor does not interpret (`status = 200`, `username "x"`, `send "..."`). */
  readonly extraOptions: readonly string[];
  readonly timeoutSeconds: number;
}

/** `if failed unixsocket PATH [with timeout N seconds] then restart`. */
export interface MonitSocketRule extends RuleBase {
  readonly kind: 'unixsocket';
  readonly path: string;
  readonly protocol?: string;
  readonly timeoutSeconds: number;
}

/** `if 5 restarts within 5 cycles then timeout`. */
export interface MonitRestartsRule extends RuleBase {
  readonly kind: 'restarts';
  readonly count: number;
}

/** A well-formed `if ... then ACTION` test the supervisor does not evaluate (`if cpu usage (user) > 70%`). */
export interface MonitUnsupportedRule extends RuleBase {
  readonly kind: 'unsupported';
}

export type MonitRule =
  MonitResourceRule | MonitPortRule | MonitSocketRule | MonitRestartsRule | MonitUnsupportedRule;

export type MonitMode = 'active' | 'passive' | 'manual';

/** One `check process NAME` stanza. Exactly one of `pidfile` and `matching` is set. */
export interface MonitProcess {
  readonly name: string;
  readonly line: number;
  readonly pidfile?: string;
  readonly matching?: string;
  readonly start?: MonitProgram;
  readonly stop?: MonitProgram;
  readonly restart?: MonitProgram;
  readonly groups: readonly string[];
  readonly dependsOn: readonly string[];
  readonly mode: MonitMode;
  /** `every N cycles`: the service is tested every Nth cycle only. */
  readonly everyCycles?: number;
  readonly rules: readonly MonitRule[];
}

/** A `check file|directory|host|system|...` stanza: parsed for its name (dependencies may name it), not run. */
export interface MonitIgnoredService {
  readonly type: string;
  readonly name: string;
  readonly line: number;
}

export interface MonitWarning {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface MonitFile {
  readonly file: string;
  readonly processes: readonly MonitProcess[];
  readonly ignored: readonly MonitIgnoredService[];
  readonly warnings: readonly MonitWarning[];
}

/** The default `with timeout` of start and stop programs (monit 5.2). */
export const DEFAULT_PROGRAM_TIMEOUT_SECONDS = 30;
/** The default connection timeout of `if failed port|unixsocket` tests. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
