import { describe, expect, it } from 'vitest';
import { MonitParseError } from './monit-errors.js';
import { parseMonitFile } from './monit-parser.js';

const failure = (text: string): string => {
  try {
    parseMonitFile(text, 'jobs/web/monit');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('parseMonitFile errors name the file and line', () => {
  it.each([
    [
      'a missing pidfile',
      'check process web\n  start program "/bin/x"\n',
      [
        "jobs/web/monit:2: expected 'with pidfile PATH' or 'matching PATTERN' after 'check process web', got 'start'",
      ],
    ],
    [
      'an unquoted command',
      'check process web with pidfile /p\n  start program /bin/x\n',
      ["jobs/web/monit:2: expected a quoted command after 'start program', got '/bin/x'"],
    ],
    [
      'an unknown statement',
      'check process web with pidfile /p\n\n  restart always\n',
      ["jobs/web/monit:3: expected a quoted command after 'restart program', got 'always'"],
    ],
    [
      'a misspelt keyword',
      'check process web with pidfile /p\n  gruop vcap\n',
      ["jobs/web/monit:2: unknown statement 'gruop' in 'check process web'"],
    ],
    [
      'an if without then',
      'check process web with pidfile /p\n  if cpu usage (user) > 7% restart\n  group vcap\n',
      ["jobs/web/monit:2: missing 'then' in 'if' test"],
    ],
    [
      'an unknown action',
      'check process web with pidfile /p\n  if totalmem > 5 MB then reboot\n',
      [
        "jobs/web/monit:2: unknown action 'reboot'; expected alert, restart, start, stop, unmonitor, timeout or exec",
      ],
    ],
    [
      'a bad unit',
      'check process web with pidfile /p\n  if totalmem > 5 parsecs then alert\n',
      ["jobs/web/monit:2: expected 'then', got 'parsecs'"],
    ],
    [
      'a port out of range',
      'check process web with pidfile /p\n  if failed port 70000 then restart\n',
      ['jobs/web/monit:2: port 70000 is out of range (1-65535)'],
    ],
    [
      'an unterminated string',
      'check process web with pidfile /p\n  start program "/bin/x\n',
      ['jobs/web/monit:2: unterminated string starting with "'],
    ],
    [
      'a set statement',
      'set daemon 10\ncheck process web with pidfile /p\n',
      ["jobs/web/monit:1: 'set' statements are not supported in a job's monit file"],
    ],
    [
      'a bad mode',
      'check process web with pidfile /p\n  mode lazy\n',
      ["jobs/web/monit:2: expected 'active', 'passive' or 'manual' after 'mode', got 'lazy'"],
    ],
    [
      'a bad regex',
      'check process web matching "a(b"\n',
      ["jobs/web/monit:1: invalid pattern 'a(b' after 'matching'"],
    ],
    [
      'a truncated stanza',
      'check process',
      ["jobs/web/monit:1: expected a service name after 'check process', got end of file"],
    ],
    [
      'several problems, each stanza reported',
      'check process a\ncheck process b with pidfile /b\n  depends\ncheck process c with pidfile /c\n',
      [
        "jobs/web/monit:2: expected 'with pidfile PATH' or 'matching PATTERN' after 'check process a', got 'check'",
        "jobs/web/monit:4: expected a service name after 'depends on', got 'check'",
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(failure(text).split('\n')).toEqual(expected);
  });
});

it('keeps every problem with its file and line on the error', () => {
  try {
    parseMonitFile('check process a\n  gruop vcap\n', '/var/vcap/jobs/a/monit');
  } catch (e) {
    expect(e).toBeInstanceOf(MonitParseError);
    expect((e as MonitParseError).problems).toEqual([
      {
        file: '/var/vcap/jobs/a/monit',
        line: 2,
        message: "expected 'with pidfile PATH' or 'matching PATTERN' after 'check process a', got 'gruop'",
      },
    ]);
    return;
  }
  expect.unreachable();
});
