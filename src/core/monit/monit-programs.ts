import type { MonitAction, MonitCycles, MonitProgram } from './monit-types.js';
import { StatementError, type TokenStream } from './token-stream.js';

/**
 * After `start`/`stop`/`restart`/`exec`: `[program[s]] [=] "CMD" [as] [uid X] [and] [gid Y] [with] [timeout N
 * seconds]`. Monit treats `with`, `and`, `as` as noise, so `as uid vcap and gid vcap timeout 60 seconds` is valid.
 */
export function parseProgram(ts: TokenStream, what: string, allowTimeout = true): MonitProgram {
  const line = ts.line;
  ts.skip('program', 'programs');
  while (ts.peek()?.kind === 'op' && ts.peek()?.text === '=') ts.next();
  const command = ts.expectString(`a quoted command after '${what}'`);
  if (command.trim() === '') throw new StatementError(line, `empty command after '${what}'`);
  let uid: string | undefined;
  let gid: string | undefined;
  let timeoutSeconds: number | undefined;
  for (;;) {
    const save = ts.position;
    ts.skip('as', 'and', 'with');
    if (ts.accept('uid') !== undefined) {
      uid = ts.expectValue(`a user after 'uid'`).text;
    } else if (ts.accept('gid') !== undefined) {
      gid = ts.expectValue(`a group after 'gid'`).text;
    } else if (allowTimeout && ts.accept('timeout') !== undefined) {
      timeoutSeconds = parseDuration(ts, `'timeout'`);
    } else {
      // Not ours: give the noise words back (`with pidfile` may follow a program).
      ts.rewind(save);
      break;
    }
  }
  return {
    command,
    line,
    ...(uid !== undefined ? { uid } : {}),
    ...(gid !== undefined ? { gid } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

/** `N second(s)` or `N minute(s)`; a bare number is seconds. */
export function parseDuration(ts: TokenStream, after: string): number {
  const n = ts.expectInteger(`a number of seconds after ${after}`);
  const unit = ts.accept('second', 'seconds', 'sec', 'secs', 's', 'minute', 'minutes', 'min', 'mins');
  return unit?.startsWith('m') === true ? n * 60 : n;
}

const ACTIONS = new Set(['alert', 'restart', 'start', 'stop', 'unmonitor', 'timeout', 'exec', 'monitor']);

/** The action after `then`: `alert|restart|start|stop|unmonitor|timeout|exec "CMD" [as uid ...]`. */
export function parseAction(ts: TokenStream): MonitAction {
  const t = ts.peek();
  const word = ts.accept(...ACTIONS);
  if (word === undefined) {
    throw new StatementError(
      t?.line ?? ts.line,
      `unknown action ${t === undefined ? 'at end of file' : `'${t.text}'`}; expected alert, restart, start, stop, unmonitor, timeout or exec`,
    );
  }
  let action: MonitAction;
  if (word === 'exec') action = { kind: 'exec', program: parseProgram(ts, 'exec', false) };
  else action = { kind: word === 'monitor' ? 'start' : (word as MonitAction['kind']) };
  // `and repeat every N cycles` (monit 5.15+) repeats the action; we run it once per match.
  if (ts.isWord('and') && ts.isWordAt(1, 'repeat')) {
    ts.next();
    ts.next();
    ts.expectWord(`'every'`, 'every');
    ts.expectInteger('a number of cycles');
    ts.expectWord(`'cycles'`, 'cycle', 'cycles');
  }
  return action;
}

/** `[for] N cycle(s)` or `[for] N times within M cycle(s)`, if present at the cursor. */
export function parseCycles(ts: TokenStream): MonitCycles | undefined {
  const offset = ts.isWord('for') ? 1 : 0;
  const n = ts.peek(offset);
  if (n?.kind !== 'word' || !/^\d+$/.test(n.text)) return undefined;
  if (!ts.isWordAt(offset + 1, 'cycle', 'cycles', 'times', 'time')) return undefined;
  for (let i = 0; i <= offset; i++) ts.next();
  const times = Number(n.text);
  if (ts.accept('cycle', 'cycles') !== undefined) return { times, within: times };
  ts.next(); // times
  ts.expectWord(`'within'`, 'within');
  const within = ts.expectInteger('a number of cycles after within');
  ts.expectWord(`'cycles'`, 'cycle', 'cycles');
  if (times < 1 || within < times) {
    throw new StatementError(ts.line, `'${times} times within ${within} cycles' is not a valid cycle count`);
  }
  return { times, within };
}
