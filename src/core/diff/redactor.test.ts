// Port of bosh-director spec/unit/bosh/director/manifest/redactor_spec.rb (expected values verbatim), plus the
// URL edge cases the Ruby code (URI.parse + String#sub!) produces.
import { describe, expect, it } from 'vitest';
import { deepCopy } from './rb-equal.js';
import { redactBasicAuth, redactProperties } from './redactor.js';

const R = '<redacted>';
const secretTree = () => ({ one: [1, 2, { three: 3 }], two: 2, three: 3 });
const redactedTree = { one: [R, R, { three: R }], two: R, three: R };
const job = (properties: unknown) => ({ name: 'test_job', properties });
const release = (name: string, version: number, url?: string) => ({
  name,
  version,
  ...(url === undefined ? {} : { url, sha1: `${name}-sha1` }),
});

const cases: Array<{ name: string; input: unknown; expected: unknown }> = [
  {
    name: 'child nodes of properties and of a `bosh` hash (env.bosh), recursively; not the rest of env',
    input: {
      name: 'test_name',
      uuid: '12324234234234234234',
      env: { bosh: secretTree(), c: 'dont-redact-me', e: 'i-am-not-secret' },
      jobs: [job({ a: secretTree(), c: 'redact-me', e: 'i-am-secret' })],
    },
    expected: {
      name: 'test_name',
      uuid: '12324234234234234234',
      env: { bosh: redactedTree, c: 'dont-redact-me', e: 'i-am-not-secret' },
      jobs: [job({ a: redactedTree, c: R, e: R })],
    },
  },
  {
    name: 'properties at both the job and the global level',
    input: {
      jobs: [job({ a: secretTree(), c: 'redact-me', e: 'i-am-secret' })],
      properties: { x: { 'x-one': ['x1', 'x2', { 'x-three': 'x3' }], 'x-two': 'x2' }, y: 'y-redact-me' },
    },
    expected: {
      jobs: [job({ a: redactedTree, c: R, e: R })],
      properties: { x: { 'x-one': [R, R, { 'x-three': R }], 'x-two': R }, y: R },
    },
  },
  {
    name: 'nothing when properties/env are not hashes',
    input: { name: 'test_name', env: 'hello', jobs: [job(['a', 'b', 'c'])] },
    expected: { name: 'test_name', env: 'hello', jobs: [job(['a', 'b', 'c'])] },
  },
  {
    name: 'credentials in release urls',
    input: {
      releases: [
        release('bosh', 263, 'https://user@bosh-foo.com'),
        release('cpi', 33, 'https://user:password@cpi-foo.com'),
      ],
    },
    expected: {
      releases: [
        release('bosh', 263, `https://${R}@bosh-foo.com`),
        release('cpi', 33, `https://${R}:${R}@cpi-foo.com`),
      ],
    },
  },
  {
    name: 'other release urls when one release has no url',
    input: { releases: [release('bosh', 263), release('cpi', 33, 'https://user:password@cpi-foo.com')] },
    expected: { releases: [release('bosh', 263), release('cpi', 33, `https://${R}:${R}@cpi-foo.com`)] },
  },
  {
    name: 'other release urls when one is malformed',
    input: {
      releases: [
        release('cpi', 33, 'https:// user:password@cpi-foo.com'),
        release('bosh', 263, 'https://user:password@bosh-foo.com'),
      ],
    },
    expected: {
      releases: [
        release('cpi', 33, 'https:// user:password@cpi-foo.com'),
        release('bosh', 263, `https://${R}:${R}@bosh-foo.com`),
      ],
    },
  },
  {
    name: 'nothing when releases is malformed',
    input: { releases: 'malformed' },
    expected: { releases: 'malformed' },
  },
  {
    name: 'nothing in a top-level array',
    input: ['releases', 'malformed'],
    expected: ['releases', 'malformed'],
  },
  {
    name: 'only the last element of an array nested in an array (Ruby follows `item.last`)',
    input: { a: [[{ properties: { x: 1 } }, { properties: { x: 1 } }]] },
    expected: { a: [[{ properties: { x: 1 } }, { properties: { x: R } }]] },
  },
];

describe('redactProperties (redactor_spec)', () => {
  it.each(cases)('redacts $name', ({ input, expected }) => {
    expect(redactProperties(deepCopy(input))).toEqual(expected);
  });

  it('redacts a hash shared (YAML alias) with a non-secret place everywhere, like the Marshal copy does', () => {
    const shared = { x: 1 };
    const copy = redactProperties(deepCopy({ properties: shared, other: shared }));
    expect(copy).toEqual({ properties: { x: R }, other: { x: R } });
    expect(shared).toEqual({ x: 1 });
  });
});

describe('redactBasicAuth (URI.parse + sub!)', () => {
  it.each([
    ['https://user:password@host/x', `https://${R}:${R}@host/x`],
    ['https://user@host', `https://${R}@host`],
    // sub! replaces the first occurrence, wherever it is
    ['https://h:p@host/x', `${R}tt${R}s://h:p@host/x`],
    ['https://:pw@host', `${R}https://:${R}@host`],
    ['https://@host', 'https://@host'],
    ['file://user:pw@host/x', 'file://user:pw@host/x'],
    ['https://user:pw@host?q=%zz', 'https://user:pw@host?q=%zz'],
    ['https://üser:pw@host', 'https://üser:pw@host'],
    ['git@github.com:org/repo', 'git@github.com:org/repo'],
    ['//user:pw@host/x', `//${R}:${R}@host/x`],
    ['https://user:pw@[::1]:8443/x', `https://${R}:${R}@[::1]:8443/x`],
  ])('%s -> %s', (url, expected) => {
    expect(redactBasicAuth(url)).toBe(expected);
  });
});
