import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import { jobSpecLinks, parseJobSpec } from './job-spec.js';
import { emitSpecLock, parsePackageSpec, parseSpecLock } from './package-spec.js';

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
};

describe('job spec', () => {
  const text = [
    '---',
    'name: web',
    'description: serves',
    'templates:',
    '  ctl.erb: bin/ctl',
    '  1.0: config/one',
    'packages: [b, a]',
    'consumes:',
    '- {name: db, type: db, optional: true}',
    'provides: [{name: http, type: http}]',
    'properties:',
    '  port: {description: Port, default: 8080}',
    '  empty:',
    '',
  ].join('\n');

  it('decodes name, templates, packages in order, properties and keeps the raw document', () => {
    const spec = parseJobSpec(text, '/r/jobs/web/spec');
    expect(spec.name).toBe('web');
    // A Go string map key takes the source text: `1.0` stays "1.0".
    expect([...spec.templates]).toEqual([
      ['ctl.erb', 'bin/ctl'],
      ['1.0', 'config/one'],
    ]);
    expect(spec.packages).toEqual(['b', 'a']);
    expect(spec.properties.get('port')).toEqual({ description: 'Port', default: 8080 });
    expect(spec.properties.get('empty')).toEqual({ description: '', default: null });
    expect(jobSpecLinks(spec, 'consumes')).toHaveLength(1);
    expect(jobSpecLinks(spec, 'provides')).toHaveLength(1);
  });

  it('treats an empty spec as all zero values (the name check then fails)', () => {
    expect(parseJobSpec('', 'p')).toMatchObject({ name: '', packages: [] });
  });

  it.each([
    [
      '---\nname: svc\ntemplates:\n  a: b\n  - c\n',
      "Unmarshalling job spec 'p': yaml: line 4: did not find expected key",
    ],
    [
      'name: x\npackages: a\n',
      "Unmarshalling job spec 'p': yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `a` into []string",
    ],
    [
      'templates: [a]\nproperties: {p: [1]}\n',
      "Unmarshalling job spec 'p': yaml: unmarshal errors:\n" +
        '  line 1: cannot unmarshal !!seq into map[string]string\n' +
        '  line 2: cannot unmarshal !!seq into manifest.PropertyDefinition',
    ],
    [
      '[1]\n',
      "Unmarshalling job spec 'p': yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into manifest.Manifest",
    ],
    [
      'name: averyveryverylongname\npackages: {}\nx: 1\ntemplates: 12345678901\n',
      "Unmarshalling job spec 'p': yaml: unmarshal errors:\n" +
        '  line 2: cannot unmarshal !!map into []string\n' +
        '  line 4: cannot unmarshal !!int `1234567...` into map[string]string',
    ],
  ])('reports %j', (spec, want) => {
    expect(failure(() => parseJobSpec(spec, 'p'))).toBe(want);
  });
});

describe('package spec and spec.lock', () => {
  it('decodes the fields bosh-cli reads; scalars in lists keep their text', () => {
    const spec = parsePackageSpec(
      'name: p\ndependencies: [q]\nfiles: [a/**/*, 1.10, ~]\nexcluded_files: [x]\n',
    );
    expect(spec).toEqual({
      name: 'p',
      dependencies: ['q'],
      files: ['a/**/*', '1.10', ''],
      excludedFiles: ['x'],
    });
  });

  it.each([
    [
      '---\nname: b\ndependencies: [c\nfiles:\n- b/*.sh\n',
      "Unmarshalling package spec: yaml: line 3: did not find expected ',' or ']'",
    ],
    [
      'name: {a: 1}\n',
      'Unmarshalling package spec: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into string',
    ],
    [
      'files: yes\n',
      'Unmarshalling package spec: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!bool `yes` into []string',
    ],
  ])('reports %j', (spec, want) => {
    expect(failure(() => parsePackageSpec(spec))).toBe(want);
  });

  it('writes spec.lock with dependencies only when there are some', () => {
    expect(emitSpecLock({ name: 'b', fingerprint: 'f1', dependencies: ['c'] })).toBe(
      'name: b\nfingerprint: f1\ndependencies:\n- c\n',
    );
    expect(emitSpecLock({ name: 'c', fingerprint: 'f2', dependencies: [] })).toBe(
      'name: c\nfingerprint: f2\n',
    );
    expect(parseSpecLock('name: c\nfingerprint: f2\n')).toEqual({
      name: 'c',
      fingerprint: 'f2',
      dependencies: [],
    });
  });

  it.each([
    [{ name: '', fingerprint: 'f', dependencies: [] }, 'Expected non-empty package name'],
    [{ name: 'a', fingerprint: '', dependencies: [] }, 'Expected non-empty package fingerprint'],
  ])('refuses to write an incomplete spec.lock', (lock, want) => {
    expect(failure(() => emitSpecLock(lock))).toBe(want);
  });

  it('wraps spec.lock syntax errors', () => {
    expect(failure(() => parseSpecLock('a: [\n'))).toMatch(/^Unmarshalling package spec lock: yaml: /);
  });
});
