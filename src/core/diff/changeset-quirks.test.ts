// Behaviour of the director's Changeset that follows from Ruby semantics rather than intent. Every expectation
// was produced by the Ruby implementation (Ruby + Psych 5.3 on libyaml 0.2.5) for the same data.
import { describe, expect, it } from 'vitest';
import { GoFloat } from '../../base/yaml/value.js';
import { changesetDiff, RubyError } from './changeset.js';

type Expected = Array<[string, 'added' | 'removed' | null]>;
const longKey = 'k'.repeat(129);
const shared = { s: 1 };

const cases: Array<{ name: string; old: unknown; new: unknown; redact: boolean; expected: Expected }> = [
  {
    name: 'a changed top-level scalar makes `name: …` sections of their own (not sorted as `name:`)',
    old: { name: 'cf', update: { canaries: 1 } },
    new: { name: 'cf2', update: { canaries: 1 } },
    redact: true,
    expected: [
      ['name: cf', 'removed'],
      ['', null],
      ['name: cf2', 'added'],
    ],
  },
  {
    name: 'identical top-level lines: the later section replaces the earlier (NaN != NaN)',
    old: { a: NaN },
    new: { a: NaN },
    redact: true,
    expected: [['a: .nan', 'added']],
  },
  {
    name: 'arrays compare elements with eql? (Integer 1 is not Float 1.0) once they differ',
    old: { b: [1, 'x'] },
    new: { b: [new GoFloat(1), 'y'] },
    redact: false,
    expected: [
      ['b:', null],
      ['- 1.0', 'added'],
      ['- "y"', 'added'],
      ['- 1', 'removed'],
      ['- x', 'removed'],
    ],
  },
  {
    name: 'redacted elements come from separate Marshal copies, whose NaNs never match',
    old: { b: [NaN, 1] },
    new: { b: [NaN, 2] },
    redact: true,
    expected: [
      ['b:', null],
      ['- .nan', 'added'],
      ['- 2', 'added'],
      ['- .nan', 'removed'],
      ['- 1', 'removed'],
    ],
  },
  {
    name: '…but unredacted ones do',
    old: { b: [NaN, 1] },
    new: { b: [NaN, 2] },
    redact: false,
    expected: [
      ['b:', null],
      ['- 2', 'added'],
      ['- 1', 'removed'],
    ],
  },
  {
    name: 'non-string hash keys print with to_s in headings',
    old: new Map([[1, { x: 1 }]]),
    new: new Map([[1, { x: 2 }]]),
    redact: false,
    expected: [
      ['1:', null],
      ['  x: 1', 'removed'],
      ['  x: 2', 'added'],
    ],
  },
  {
    name: 'env.bosh is redacted (key `bosh`), the rest of env is not; a properties Array is not',
    old: { env: { bosh: { password: 'a' }, persistent_disk_fs: 'ext3' }, properties: ['a'] },
    new: { env: { bosh: { password: 'b' }, persistent_disk_fs: 'ext4' }, properties: ['b'] },
    redact: true,
    expected: [
      ['env:', null],
      ['  bosh:', null],
      ['    password: "<redacted>"', 'removed'],
      ['    password: "<redacted>"', 'added'],
      ['  persistent_disk_fs: ext3', 'removed'],
      ['  persistent_disk_fs: ext4', 'added'],
      ['', null],
      ['properties:', null],
      ['- b', 'added'],
      ['- a', 'removed'],
    ],
  },
  {
    name: 'a hash shared (YAML alias) with properties is redacted in the old copy too',
    old: { jobs: [{ name: 'j', properties: { p: shared }, other: shared }] },
    new: { jobs: [{ name: 'j', properties: { p: { s: 2 } }, other: { s: 2 } }] },
    redact: true,
    expected: [
      ['jobs:', null],
      ['- name: j', null],
      ['  properties:', null],
      ['    p:', null],
      ['      s: "<redacted>"', 'removed'],
      ['      s: "<redacted>"', 'added'],
      ['  other:', null],
      ['    s: "<redacted>"', 'removed'],
      ['    s: 2', 'added'],
    ],
  },
  {
    name: 'release URL credentials are replaced at their first occurrence anywhere in the URL',
    old: { releases: [{ name: 'r', url: 'https://h:p@host/r.tgz' }] },
    new: { releases: [{ name: 'r', url: 'https://h:p@host/r2.tgz' }] },
    redact: true,
    expected: [
      ['releases:', null],
      ['- name: r', null],
      ['  url: "<redacted>tt<redacted>s://h:p@host/r.tgz"', 'removed'],
      ['  url: "<redacted>tt<redacted>s://h:p@host/r2.tgz"', 'added'],
    ],
  },
  {
    name: 'multi-line and long values span several lines; a >128-byte key makes a `: 1` section',
    old: { motd: 'hello' },
    new: {
      motd: 'hello\nworld',
      k: 'a value that is long enough to be folded by libyaml at column eighty, as Ruby does for plain scalars',
      [longKey]: 1,
    },
    redact: true,
    expected: [
      ['motd: hello', 'removed'],
      ['', null],
      ['motd: |-', 'added'],
      ['  hello', 'added'],
      ['  world', 'added'],
      ['', null],
      ['k: a value that is long enough to be folded by libyaml at column eighty, as Ruby does', 'added'],
      ['  for plain scalars', 'added'],
      ['', null],
      [`? ${longKey}`, 'added'],
      ['', null],
      [': 1', 'added'],
    ],
  },
  { name: 'nil and a missing key are the same', old: { a: null }, new: {}, redact: true, expected: [] },
  { name: 'false is not nil', old: { a: false }, new: {}, redact: true, expected: [['a: false', 'removed']] },
  { name: 'a nil old value with an empty new one', old: null, new: {}, redact: true, expected: [] },
];

describe('changesetDiff: Ruby quirks', () => {
  it.each(cases)('$name', (c) => {
    expect(changesetDiff(c.old, c.new, { redact: c.redact })).toEqual(c.expected);
  });
});

describe('changesetDiff: where Ruby raises', () => {
  it.each([
    ['nil old value, non-empty new one', null, { a: 1 }, 'NoMethodError', "undefined method '[]' for nil"],
    [
      'a nil element met while looking up a removed element by name',
      { a: [null, { name: 'x', v: 1 }] },
      { a: [{ name: 'x', v: 2 }] },
      'NoMethodError',
      "undefined method '[]' for nil",
    ],
    [
      'an Integer element among named hashes',
      { a: [{ name: 'x', v: 1 }, 3] },
      { a: [{ name: 'x', v: 2 }] },
      'TypeError',
      'no implicit conversion of String into Integer',
    ],
    [
      'a String containing "name" taken for a named element',
      { a: ['username', { name: 'name', v: 1 }] },
      { a: [{ name: 'name', v: 2 }] },
      'NoMethodError',
      "undefined method 'merge' for an instance of String",
    ],
  ])('%s', (_name, oldValue, newValue, rubyClass, message) => {
    const run = () => changesetDiff(oldValue, newValue, { redact: false });
    expect(run).toThrow(RubyError);
    expect(run).toThrow(expect.objectContaining({ rubyClass, message }));
  });
});
