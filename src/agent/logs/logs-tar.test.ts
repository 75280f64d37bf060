import { describe, expect, it } from 'vitest';
import { globToRegExp } from './logs-tar.js';

describe('log filters', () => {
  it('matches doublestar globs relative to the log directory', () => {
    const all = globToRegExp('**/*');
    expect(all.test('web/web.log')).toBe(true);
    expect(all.test('top.log')).toBe(true);
    const web = globToRegExp('web/*.log');
    expect(web.test('web/a.log')).toBe(true);
    expect(web.test('web/sub/a.log')).toBe(false);
    expect(web.test('web/a.txt')).toBe(false);
    expect(globToRegExp('**/pre-start.*.log').test('web/pre-start.stderr.log')).toBe(true);
    expect(globToRegExp('a?.log').test('ab.log')).toBe(true);
  });
});
