import { parseAction, parseCycles, parseDuration } from './monit-programs.js';
import {
  DEFAULT_CONNECT_TIMEOUT_SECONDS,
  type MonitAction,
  type MonitCycles,
  type MonitOperator,
  type MonitResource,
  type MonitRule,
} from './monit-types.js';
import { StatementError, type TokenStream } from './token-stream.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type RuleTest = DistributiveOmit<MonitRule, 'line' | 'text' | 'cycles' | 'action' | 'recovery'>;

/** Words that start the next statement: an `if` that reaches one before `then` is missing its `then`. */
const STATEMENT_WORDS = [
  'check',
  'if',
  'group',
  'depends',
  'depend',
  'mode',
  'every',
  'alert',
  'noalert',
  'set',
];

/** Parses `if TEST [cycles] then ACTION [else if succeeded then ACTION]`; the cursor is on `if`. */
export function parseRule(ts: TokenStream): MonitRule {
  const from = ts.position;
  const line = ts.line;
  ts.next(); // if
  const { test, cycles: testCycles } = parseTest(ts);
  let cycles: MonitCycles = testCycles ?? { times: 1, within: 1 };
  if (test.kind === 'unsupported') {
    scanToThen(ts, line);
  } else {
    if (testCycles === undefined) cycles = parseCycles(ts) ?? cycles;
    if (ts.accept('then') === undefined) throw ts.unexpected(`'then'`);
  }
  const action = parseAction(ts);
  let recovery: MonitAction | undefined;
  if (ts.isWord('else')) {
    ts.next();
    ts.expectWord(`'if' after 'else'`, 'if');
    ts.expectWord(`'succeeded' after 'else if'`, 'succeeded', 'passed', 'success');
    ts.expectWord(`'then'`, 'then');
    recovery = parseAction(ts);
  }
  const text = ts.textBetween(from, ts.position);
  return { ...test, line, text, cycles, action, ...(recovery !== undefined ? { recovery } : {}) };
}

function parseTest(ts: TokenStream): { test: RuleTest; cycles?: MonitCycles } {
  if (ts.accept('failed') !== undefined) return { test: parseFailedTest(ts) };
  const first = ts.peek();
  if (first?.kind === 'word' && /^\d+$/.test(first.text) && ts.isWordAt(1, 'restart', 'restarts')) {
    ts.next();
    ts.next();
    ts.expectWord(`'within'`, 'within');
    const within = ts.expectInteger('a number of cycles after within');
    ts.expectWord(`'cycles'`, 'cycle', 'cycles');
    const count = Number(first.text);
    if (count < 1 || within < count) {
      throw new StatementError(
        first.line,
        `'${count} restarts within ${within} cycles' is not a valid count`,
      );
    }
    return { test: { kind: 'restarts', count }, cycles: { times: count, within } };
  }
  const resource = RESOURCES.get(ts.peek()?.kind === 'word' ? (ts.peek()?.text.toLowerCase() ?? '') : '');
  if (resource !== undefined && !(ts.peek(1)?.kind === 'punct' && ts.peek(1)?.text === '(')) {
    ts.next();
    ts.skip('usage', 'amount');
    if (ts.peek()?.kind === 'punct') return { test: { kind: 'unsupported' } };
    return { test: parseResourceTest(ts, resource) };
  }
  return { test: { kind: 'unsupported' } };
}

const RESOURCES = new Map<string, MonitResource>([
  ['totalmem', 'totalmem'],
  ['totalmemory', 'totalmem'],
  ['mem', 'mem'],
  ['memory', 'mem'],
  ['cpu', 'cpu'],
  ['totalcpu', 'totalcpu'],
  ['children', 'children'],
]);

const WORD_OPERATORS = new Map<string, MonitOperator>([
  ['gt', '>'],
  ['greater', '>'],
  ['lt', '<'],
  ['less', '<'],
  ['eq', '='],
  ['equal', '='],
  ['ne', '!='],
  ['notequal', '!='],
  ['changed', '!='],
]);

const UNITS = new Map<string, number | 'percent'>([
  ['b', 1],
  ['byte', 1],
  ['bytes', 1],
  ['k', 1024],
  ['kb', 1024],
  ['kilobyte', 1024],
  ['kilobytes', 1024],
  ['m', 1024 ** 2],
  ['mb', 1024 ** 2],
  ['megabyte', 1024 ** 2],
  ['megabytes', 1024 ** 2],
  ['g', 1024 ** 3],
  ['gb', 1024 ** 3],
  ['gigabyte', 1024 ** 3],
  ['gigabytes', 1024 ** 3],
  ['%', 'percent'],
]);

function parseResourceTest(ts: TokenStream, resource: MonitResource): RuleTest {
  const operator = parseOperator(ts);
  const valueToken = ts.expectValue(`a number after the '${resource}' operator`);
  const m = /^(\d+(?:\.\d+)?)([a-z%]*)$/i.exec(valueToken.text);
  if (valueToken.kind !== 'word' || m === null) {
    throw new StatementError(
      valueToken.line,
      `expected a number after the operator, got '${valueToken.text}'`,
    );
  }
  const value = Number(m[1]);
  let unitText = (m[2] ?? '').toLowerCase();
  if (unitText === '' && ts.peek()?.kind === 'word' && UNITS.has(ts.peek()?.text.toLowerCase() ?? '')) {
    unitText = ts.next().text.toLowerCase();
  }
  if (resource === 'children') {
    if (unitText !== '') throw new StatementError(valueToken.line, `'children' takes a plain number`);
    return { kind: 'resource', resource, operator, limit: value, unit: 'count' };
  }
  const unit = unitText === '' ? (resource.endsWith('cpu') ? 'percent' : 1) : UNITS.get(unitText);
  if (unit === undefined) throw new StatementError(valueToken.line, `unknown unit '${unitText}'`);
  if (resource.endsWith('cpu') && unit !== 'percent') {
    throw new StatementError(valueToken.line, `'${resource}' takes a percentage`);
  }
  return unit === 'percent'
    ? { kind: 'resource', resource, operator, limit: value, unit: 'percent' }
    : { kind: 'resource', resource, operator, limit: value * unit, unit: 'bytes' };
}

function parseOperator(ts: TokenStream): MonitOperator {
  const t = ts.peek();
  if (t?.kind === 'op') {
    ts.next();
    return t.text as MonitOperator;
  }
  const word = WORD_OPERATORS.get(t?.kind === 'word' ? t.text.toLowerCase() : '');
  if (word === undefined) throw ts.unexpected('an operator (>, <, =, !=)');
  ts.next();
  ts.skip('than', 'to');
  return word;
}

const NOISE = ['with', 'and', 'using', 'use', 'on', 'only'];

function parseFailedTest(ts: TokenStream): RuleTest {
  let host = 'localhost';
  let port: number | undefined;
  let socket: string | undefined;
  let type: 'tcp' | 'udp' | 'tcpssl' = 'tcp';
  let protocol: string | undefined;
  let request: string | undefined;
  let timeoutSeconds = DEFAULT_CONNECT_TIMEOUT_SECONDS;
  const extraOptions: string[] = [];
  while (!ts.atEnd() && !ts.isWord('then') && !isCyclesAhead(ts)) {
    if (ts.isWord(...STATEMENT_WORDS)) break;
    const word = ts.peek()?.kind === 'word' ? ts.next().text.toLowerCase() : undefined;
    if (word === 'host' || word === 'address') host = ts.expectValue(`a host after '${word}'`).text;
    else if (word === 'port') port = parsePort(ts);
    else if (word === 'unixsocket' || word === 'unix') socket = ts.expectValue(`a path after '${word}'`).text;
    else if (word === 'type')
      type = parseType(ts, ts.expectWord(`'tcp', 'udp' or 'tcpssl'`, 'tcp', 'udp', 'tcpssl'));
    else if (word === 'tcp' || word === 'udp' || word === 'tcpssl' || word === 'ssl')
      type = parseType(ts, word);
    else if (word === 'protocol' || word === 'proto')
      protocol = ts.expectValue(`a protocol`).text.toLowerCase();
    else if (word === 'request') request = ts.expectValue(`a request path after 'request'`).text;
    else if (word === 'timeout') timeoutSeconds = parseDuration(ts, `'timeout'`);
    else if (word === 'retry') ts.expectInteger(`a number after 'retry'`);
    else if (word !== undefined && NOISE.includes(word)) continue;
    else if (port === undefined && socket === undefined) return { kind: 'unsupported' };
    else extraOptions.push(word ?? ts.next().text);
  }
  const proto = protocol !== undefined ? { protocol } : {};
  if (socket !== undefined) return { kind: 'unixsocket', path: socket, ...proto, timeoutSeconds };
  if (port === undefined) return { kind: 'unsupported' };
  const req = request !== undefined ? { request } : {};
  return { kind: 'port', host, port, type, ...proto, ...req, extraOptions, timeoutSeconds };
}

function parsePort(ts: TokenStream): number {
  const line = ts.line;
  const port = ts.expectInteger(`a port number after 'port'`);
  if (port < 1 || port > 65535) throw new StatementError(line, `port ${port} is out of range (1-65535)`);
  return port;
}

function parseType(ts: TokenStream, word: string): 'tcp' | 'udp' | 'tcpssl' {
  if (word === 'ssl' || word === 'tcpssl') return 'tcpssl';
  if (word === 'tcp' && ts.isWord('ssl')) {
    ts.next();
    return 'tcpssl';
  }
  return word === 'udp' ? 'udp' : 'tcp';
}

function isCyclesAhead(ts: TokenStream): boolean {
  const offset = ts.isWord('for') ? 1 : 0;
  const n = ts.peek(offset);
  return (
    n?.kind === 'word' && /^\d+$/.test(n.text) && ts.isWordAt(offset + 1, 'cycle', 'cycles', 'times', 'time')
  );
}

/** Skips an unsupported test up to its `then`, refusing to run into the next statement. */
function scanToThen(ts: TokenStream, ifLine: number): void {
  while (!ts.atEnd()) {
    if (ts.accept('then') !== undefined) return;
    if (ts.isWord(...STATEMENT_WORDS)) break;
    ts.next();
  }
  throw new StatementError(ifLine, `missing 'then' in 'if' test`);
}
