/** The agent's log, in bosh-utils' shape: `[<tag>] <yyyy/mm/dd hh:mm:ss> <LEVEL> - <message>`. */
export interface Logger {
  debug(tag: string, message: string): void;
  info(tag: string, message: string): void;
  warn(tag: string, message: string): void;
  error(tag: string, message: string): void;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/** Writes lines at or above `level` to `write` (stderr in the agent; the CPI sends it to `bosh/log/current`). */
export function lineLogger(write: (line: string) => void, level: LogLevel, now: () => Date): Logger {
  const log = (l: LogLevel) => (tag: string, message: string) => {
    if (RANK[l] < RANK[level]) return;
    const d = now();
    const p = (n: number) => String(n).padStart(2, '0');
    const stamp = `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    write(`[${tag}] ${stamp} ${l} - ${message}\n`);
  };
  return { debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}
