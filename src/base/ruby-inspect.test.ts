import { describe, expect, it } from 'vitest';
import { rubyClass, rubyInspect, rubyInspectString, rubyToS } from './ruby-inspect.js';
import { GoFloat } from './yaml/value.js';

describe('Ruby inspect and to_s', () => {
  it('escapes # only where it would start an interpolation, as String#inspect does', () => {
    expect(rubyInspectString('a#')).toBe('"a#"');
    expect(rubyInspectString('a#{b}')).toBe('"a\\#{b}"');
    expect(rubyInspectString('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it('prints floats, nil and hashes the Ruby way', () => {
    expect(rubyInspect(new GoFloat(-0))).toBe('-0.0');
    expect(rubyInspect(new GoFloat(1))).toBe('1.0');
    expect(rubyInspect(null)).toBe('nil');
    expect(rubyInspect(new Map([['a', 1]]))).toBe('{"a" => 1}');
    expect(rubyToS(null)).toBe('');
    expect(rubyClass(new Map())).toBe('Hash');
  });
});
