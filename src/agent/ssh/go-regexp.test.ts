import { describe, expect, it } from 'vitest';
import { compileGoRegexp } from './go-regexp.js';

function error(pattern: string): string {
  try {
    compileGoRegexp(pattern);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${pattern} compiled`);
}

describe('compileGoRegexp', () => {
  it('matches as Go does for the patterns ssh cleanup receives', () => {
    const re = compileGoRegexp('^bosh_9f');
    expect(re.test('bosh_9f2c')).toBe(true);
    expect(re.test('xbosh_9f')).toBe(false);
    expect(compileGoRegexp('').test('anything')).toBe(true);
    expect(compileGoRegexp('^bosh_[0-9a-f]+$').test('bosh_00ff')).toBe(true);
    expect(compileGoRegexp('^bosh_[0-9a-f]+$').test('bosh_00fg')).toBe(false);
  });

  it('translates RE2 spellings', () => {
    expect(compileGoRegexp('(?i)^BOSH_').test('bosh_x')).toBe(true);
    expect(compileGoRegexp('\\Abosh_\\z').test('bosh_')).toBe(true);
    expect(compileGoRegexp('\\Abosh_\\z').test('bosh_x')).toBe(false);
    expect(compileGoRegexp('(?P<p>bosh)_(?:a|b)').exec('bosh_b')?.groups?.['p']).toBe('bosh');
    expect(compileGoRegexp('^\\Qa.b\\E$').test('a.b')).toBe(true);
    expect(compileGoRegexp('^\\Qa.b\\E$').test('axb')).toBe(false);
    expect(compileGoRegexp('^[[:alpha:]_]+$').test('bosh_x')).toBe(true);
    expect(compileGoRegexp('^[]a]+$').test(']a]')).toBe(true);
    expect(compileGoRegexp('^a/b$').test('a/b')).toBe(true);
  });

  it('fails with Go texts', () => {
    expect(error('(')).toBe('error parsing regexp: missing closing ): `(`');
    expect(error('^bosh_(a')).toBe('error parsing regexp: missing closing ): `^bosh_(a`');
    expect(error('a)')).toBe('error parsing regexp: unexpected ): `a)`');
    expect(error('x[ab')).toBe('error parsing regexp: missing closing ]: `[ab`');
    expect(error('*a')).toBe('error parsing regexp: missing argument to repetition operator: `*`');
    expect(error('a|+')).toBe('error parsing regexp: missing argument to repetition operator: `+`');
    expect(error('a**')).toBe('error parsing regexp: invalid nested repetition operator: `**`');
    expect(error('\\q')).toBe('error parsing regexp: invalid escape sequence: `\\q`');
    expect(error('(a)\\1')).toBe('error parsing regexp: invalid escape sequence: `\\1`');
    expect(error('a\\')).toBe('error parsing regexp: trailing backslash at end of expression: ``');
    expect(error('(?x)')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?x`');
  });
});
