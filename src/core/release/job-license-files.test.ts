import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import type { FileEntry } from './file-entry.js';
import { fingerprintChunks, fingerprintOf } from './fingerprint.js';
import { hasPropertiesSchema, selectJobFiles } from './job-files.js';
import { readJob } from './job-read.js';
import { parseJobSpec } from './job-spec.js';
import { selectLicenseFiles } from './license-files.js';
import { releaseSource } from './release-source.js';

const f = (path: string, sha256 = path): FileEntry => ({ path, kind: 'file', sha256 });
const ln = (path: string, linkTarget: string): FileEntry => ({
  path,
  kind: 'symlink',
  sha256: 'L',
  linkTarget,
});
const spec = (templates: string) => `name: j\ntemplates: {${templates}}\n`;

function chunks(entries: FileEntry[], templates: string): string[] {
  const source = releaseSource('/r', [f('jobs/j/spec', 'SPEC'), ...entries]);
  const files = selectJobFiles(source, '/r/jobs/j', parseJobSpec(spec(templates), '/r/jobs/j/spec'));
  return fingerprintChunks(files, { followSymlinks: true });
}

function jobError(entries: FileEntry[], specText: string | undefined): string {
  try {
    readJob(releaseSource('/r', [f('jobs/j/spec', 'SPEC'), ...entries]), 'j', specText);
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
}

describe('job file selection', () => {
  it('takes spec as job.MF, monit, properties_schema.json and only the listed templates', () => {
    const entries = [
      f('jobs/j/monit', 'M'),
      f('jobs/j/properties_schema.json', 'S'),
      f('jobs/j/templates/a', 'A'),
    ];
    entries.push(f('jobs/j/templates/unlisted'));
    expect(chunks(entries, 'a: bin/a')).toEqual([
      'job.MFsha256:SPEC100644',
      'monitsha256:M100644',
      'properties_schema.jsonsha256:S100644',
      'templates/asha256:A100644',
    ]);
  });

  it('follows symlinks: the target content, mode 100755 from the link itself', () => {
    const entries = [f('jobs/j/templates/real', 'R'), ln('jobs/j/templates/alias', 'real')];
    expect(chunks(entries, 'alias: x, real: y')).toEqual([
      'job.MFsha256:SPEC100644',
      'templates/aliassha256:R100755',
      'templates/realsha256:R100644',
    ]);
  });

  it('uses the adapter-resolved target of a link that leaves the listed trees', () => {
    const out: FileEntry = { ...ln('jobs/j/monit', '/etc/m'), resolved: { kind: 'file', sha256: 'E' } };
    expect(chunks([out], '')).toEqual(['job.MFsha256:SPEC100644', 'monitsha256:E100755']);
  });

  it('cleans template keys as filepath.Join does, and skips a dangling monit', () => {
    expect(chunks([f('jobs/j/templates/x', 'X'), ln('jobs/j/monit', 'gone')], "'./sub/../x': y")).toEqual([
      'job.MFsha256:SPEC100644',
      'templates/xsha256:X100644',
    ]);
  });

  it('reports whether a properties schema is shipped', () => {
    const source = releaseSource('/r', [f('jobs/j/spec'), f('jobs/j/properties_schema.json')]);
    expect(hasPropertiesSchema(selectJobFiles(source, '/r/jobs/j', parseJobSpec(spec(''), 'p')))).toBe(true);
  });

  it.each([
    [
      'a missing template',
      [],
      spec('t.erb: x'),
      "Fingerprinting source files: Fingerprinting file '/r/jobs/j/templates/t.erb': " +
        'lstat /r/jobs/j/templates/t.erb: no such file or directory',
    ],
    [
      'a dangling template link',
      [ln('jobs/j/templates/t.erb', 'gone')],
      spec('t.erb: x'),
      "Fingerprinting source files: Fingerprinting file '/r/jobs/j/templates/t.erb': " +
        'lstat /r/jobs/j/templates/gone: no such file or directory',
    ],
    [
      'a template that is a directory',
      [f('jobs/j/templates/t/inner')],
      spec('t: x'),
      "Fingerprinting source files: Fingerprinting file '/r/jobs/j/templates/t': Calculating digest for " +
        '/r/jobs/j/templates/t: Copying file for digest calculation: read /r/jobs/j/templates/t: is a directory',
    ],
    [
      'no spec',
      [],
      undefined,
      "Collecting job files: Reading job spec '/r/jobs/j/spec': Opening file /r/jobs/j/spec: " +
        'open /r/jobs/j/spec: no such file or directory',
    ],
    [
      'a name mismatch',
      [],
      'name: k\n',
      "Collecting job files: Job directory 'j' does not match job name 'k' in spec",
    ],
    [
      'a spec of the wrong shape',
      [],
      'name: [j]\n',
      "Collecting job files: Unmarshalling job spec '/r/jobs/j/spec': yaml: unmarshal errors:\n" +
        '  line 1: cannot unmarshal !!seq into string',
    ],
  ])('fails for %s', (_what, entries, specText, want) => {
    expect(jobError(entries, specText)).toBe(want);
  });
});

describe('license file selection', () => {
  it('takes LICENSE* then NOTICE* from the root only, by base name, without modes', () => {
    const source = releaseSource('/r', [
      f('NOTICE', 'N'),
      f('LICENSE.md', 'LM'),
      f('LICENSE', 'L'),
      f('docs/LICENSE'),
      f('XLICENSE'),
      ln('NOTICE-link', 'NOTICE'),
    ]);
    const files = selectLicenseFiles(source);
    expect(files.map((x) => x.name)).toEqual(['LICENSE', 'LICENSE.md', 'NOTICE', 'NOTICE-link']);
    expect(fingerprintChunks(files, { modeIncluded: false })).toEqual([
      'LICENSEsha256:L',
      'LICENSE.mdsha256:LM',
      'NOTICEsha256:N',
      'NOTICE-linksha256:L',
    ]);
    expect(fingerprintOf(files)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives nothing without LICENSE or NOTICE', () => {
    expect(selectLicenseFiles(releaseSource('/r', [f('README')]))).toEqual([]);
  });
});
