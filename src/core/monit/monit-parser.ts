import { MonitParseError, type MonitProblem } from './monit-errors.js';
import { tokenize } from './monit-lexer.js';
import { parseProgram } from './monit-programs.js';
import { parseRule } from './monit-rules.js';
import type {
  MonitFile,
  MonitIgnoredService,
  MonitMode,
  MonitProcess,
  MonitProgram,
  MonitRule,
  MonitWarning,
} from './monit-types.js';
import { StatementError, TokenStream } from './token-stream.js';

const SERVICE_TYPES = [
  'process',
  'file',
  'directory',
  'filesystem',
  'fifo',
  'host',
  'system',
  'program',
  'network',
];
const NOISE = ['with', 'and', 'has', 'using', 'use', 'is', 'on', 'only', 'of'];

/**
 * Parses a rendered job monit file. Throws a MonitParseError naming the file and line of every problem; tests
 * it does not run (`if cpu usage (user) > 70% ...`) and stanzas other than `check process` become warnings.
 */
export function parseMonitFile(text: string, file: string): MonitFile {
  const lexed = tokenize(text);
  const problems: MonitProblem[] = lexed.problems.map((p) => ({ file, ...p }));
  const warnings: MonitWarning[] = [];
  const processes: MonitProcess[] = [];
  const ignored: MonitIgnoredService[] = [];
  const ts = new TokenStream(lexed.tokens);
  while (!ts.atEnd()) {
    const stanzaStart = ts.position;
    try {
      if (!ts.isWord('check')) throw notACheck(ts);
      const parsed = parseCheck(ts, (line, message) => warnings.push({ file, line, message }));
      if (parsed.kind === 'process') processes.push(parsed.process);
      else ignored.push(parsed.service);
    } catch (e) {
      if (!(e instanceof StatementError)) throw e;
      problems.push({ file, line: e.line, message: e.message });
      // Resume at the next stanza (the error may have been found on its `check`).
      if (ts.position === stanzaStart) ts.next();
      while (!ts.atEnd() && !ts.isWord('check')) ts.next();
    }
  }
  // Past an unterminated string the tokens are gone: drop the follow-on problems.
  const lexLine = lexed.problems[0]?.line;
  const reported =
    lexLine === undefined
      ? problems
      : problems.filter((p, i) => i < lexed.problems.length || p.line < lexLine);
  if (reported.length > 0) throw new MonitParseError(reported);
  return { file, processes, ignored, warnings };
}

function notACheck(ts: TokenStream): StatementError {
  const t = ts.peek();
  const word = t?.text.toLowerCase();
  if (t?.kind === 'word' && (word === 'set' || word === 'include')) {
    return new StatementError(t.line, `'${word}' statements are not supported in a job's monit file`);
  }
  return ts.unexpected(`'check'`);
}

type Warn = (line: number, message: string) => void;
type Parsed = { kind: 'process'; process: MonitProcess } | { kind: 'ignored'; service: MonitIgnoredService };

function parseCheck(ts: TokenStream, warn: Warn): Parsed {
  const line = ts.line;
  ts.next();
  const type = ts.expectWord(`a service type after 'check' (process, file, ...)`, ...SERVICE_TYPES);
  const name = ts.expectValue(`a service name after 'check ${type}'`).text;
  if (type !== 'process') {
    while (!ts.atEnd() && !ts.isWord('check')) ts.next();
    warn(line, `'check ${type} ${name}' is not supervised (only 'check process' is)`);
    return { kind: 'ignored', service: { type, name, line } };
  }
  ts.skip('with');
  let target: { pidfile: string } | { matching: string };
  if (ts.accept('pidfile', 'path') !== undefined) {
    target = { pidfile: ts.expectValue(`a pidfile path`).text };
  } else if (ts.accept('matching', 'match') !== undefined) {
    const pattern = ts.expectValue(`a pattern after 'matching'`);
    checkRegex(pattern.text, pattern.line);
    target = { matching: pattern.text };
  } else {
    throw ts.unexpected(`'with pidfile PATH' or 'matching PATTERN' after 'check process ${name}'`);
  }
  const body = parseBody(ts, name, warn);
  return { kind: 'process', process: { name, line, ...target, ...body } };
}

interface Body {
  start?: MonitProgram;
  stop?: MonitProgram;
  restart?: MonitProgram;
  groups: string[];
  dependsOn: string[];
  mode: MonitMode;
  everyCycles?: number;
  rules: MonitRule[];
}

function parseBody(ts: TokenStream, name: string, warn: Warn): Body {
  const body: Body = { groups: [], dependsOn: [], mode: 'active', rules: [] };
  while (!ts.atEnd() && !ts.isWord('check')) {
    if (ts.peek()?.kind === 'op' && ts.peek()?.text === '=') {
      ts.next();
      continue;
    }
    const line = ts.line;
    if (ts.isWord('if')) {
      const rule = parseRule(ts);
      body.rules.push(rule);
      warnRule(rule, warn);
      continue;
    }
    const word = ts.expectValue(`a statement of 'check process ${name}'`);
    const keyword = word.kind === 'word' ? word.text.toLowerCase() : '';
    if (NOISE.includes(keyword)) continue;
    switch (keyword) {
      case 'start':
      case 'stop':
      case 'restart':
        body[keyword] = parseProgram(ts, `${keyword} program`);
        break;
      case 'group':
        body.groups.push(ts.expectValue(`a group name after 'group'`).text);
        break;
      case 'depends':
      case 'depend':
        ts.skip('on');
        do body.dependsOn.push(ts.expectValue(`a service name after 'depends on'`).text);
        while (ts.acceptPunct(','));
        break;
      case 'mode':
        body.mode = ts.expectWord(
          `'active', 'passive' or 'manual' after 'mode'`,
          'active',
          'passive',
          'manual',
        ) as MonitMode;
        break;
      case 'every':
        parseEvery(ts, body, line, warn);
        break;
      case 'alert':
      case 'noalert':
        skipAlert(ts);
        break;
      case 'onreboot':
        ts.expectWord(`'start', 'nostart' or 'laststate'`, 'start', 'nostart', 'laststate');
        break;
      case 'pidfile':
      case 'matching':
        throw new StatementError(line, `'${keyword}' must follow 'check process ${name}' directly`);
      default:
        throw new StatementError(line, `unknown statement '${word.text}' in 'check process ${name}'`);
    }
  }
  return body;
}

function parseEvery(ts: TokenStream, body: Body, line: number, warn: Warn): void {
  if (ts.peek()?.kind === 'string') {
    ts.next();
    warn(line, `'every "cron"' schedules are ignored; the service is tested every cycle`);
    return;
  }
  const n = ts.expectInteger(`a number of cycles after 'every'`);
  ts.expectWord(`'cycles'`, 'cycle', 'cycles');
  if (n < 1) throw new StatementError(line, `'every ${n} cycles' must be at least 1`);
  body.everyCycles = n;
}

/** `alert ADDR [[but] not] [on] [{ events }] [with reminder [on] N cycles] [with mail-format { ... }]`: skipped. */
function skipAlert(ts: TokenStream): void {
  ts.expectValue('a mail address');
  for (;;) {
    if (ts.acceptPunct('{')) skipBraces(ts);
    else if (ts.isWord('not', 'but', 'on', 'only')) ts.next();
    else if (ts.isWord('with') && ts.isWordAt(1, 'reminder', 'mail-format')) ts.next();
    else if (ts.accept('reminder') !== undefined) {
      ts.skip('on');
      ts.expectInteger('a number of cycles after reminder');
      ts.accept('cycle', 'cycles');
    } else if (ts.accept('mail-format') !== undefined) {
      if (!ts.acceptPunct('{')) throw ts.unexpected(`'{' after mail-format`);
      skipBraces(ts);
    } else return;
  }
}

function skipBraces(ts: TokenStream): void {
  const line = ts.line;
  while (!ts.atEnd())
    if (ts.acceptPunct('}')) return;
    else ts.next();
  throw new StatementError(line, `missing '}'`);
}

function checkRegex(pattern: string, line: number): void {
  try {
    new RegExp(pattern);
  } catch {
    throw new StatementError(line, `invalid pattern '${pattern}' after 'matching'`);
  }
}

function warnRule(rule: MonitRule, warn: Warn): void {
  if (rule.kind === 'unsupported') warn(rule.line, `unsupported test '${rule.text}' is ignored`);
  if (rule.kind === 'port' && rule.type === 'udp')
    warn(rule.line, `UDP port tests are not run: '${rule.text}'`);
  const protocol = rule.kind === 'port' || rule.kind === 'unixsocket' ? rule.protocol : undefined;
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    warn(rule.line, `protocol '${protocol}' is tested as a plain connection: '${rule.text}'`);
  }
}
