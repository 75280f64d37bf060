import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import type { FileEntry, FileKind } from './file-entry.js';
import { additionalChunk, fingerprintChunks, fingerprintOf, type FingerprintFile } from './fingerprint.js';
import { compareGoStrings } from './go-order.js';
import { stagingFingerprint, verifyStagingFingerprint } from './staging.js';

const entry = (kind: FileKind, sha256 = 'h', mode?: number): FileEntry => ({
  path: 'x',
  kind,
  sha256,
  ...(mode === undefined ? {} : { mode }),
});
const file = (name: string, e: FileEntry = entry('file'), excludeMode = false): FingerprintFile => ({
  name,
  path: `/src/${name}`,
  entry: e,
  ...(excludeMode ? { excludeMode } : {}),
});

describe('fingerprintOf (README §5)', () => {
  it('hashes "v2", the chunks and the sorted, comma-joined additional chunks with no separators', () => {
    const files = [file('b', entry('exec', 'B')), file('a', entry('file', 'A'))];
    const s = 'v2' + 'asha256:A100644' + 'bsha256:B100755' + 'c,d';
    const want = createHash('sha256').update(s).digest('hex');
    expect(fingerprintOf(files, { additionalChunks: ['d', 'c'] })).toBe(want);
  });

  it('sorts by UTF-8 bytes, not UTF-16 units', () => {
    const names = ['z', 'ｚ', '😀', 'lib.txt', 'lib-x.txt', 'lib/x.txt', 'Z', 'é'];
    const sorted = fingerprintChunks(names.map((n) => file(n))).map((c) => c.slice(0, c.indexOf('sha256:')));
    expect(sorted).toEqual(['Z', 'lib-x.txt', 'lib.txt', 'lib/x.txt', 'z', 'é', 'ｚ', '😀']);
    expect(compareGoStrings('ｚ', '😀')).toBeLessThan(0);
    // JavaScript's default sort (UTF-16 units) puts the emoji first.
    expect(['ｚ', '😀'].sort()).toEqual(['😀', 'ｚ']);
  });

  it.each([
    ['file', false, 'asha256:h100644'],
    ['exec', false, 'asha256:h100755'],
    ['symlink', false, 'asha256:hsymlink'],
    ['file', true, 'asha256:h'],
  ] as const)('writes the mode of a %s (excluded: %s)', (kind, excluded, want) => {
    expect(fingerprintChunks([file('a', entry(kind), excluded)])).toEqual([want]);
  });

  it('omits every mode for the license', () => {
    expect(fingerprintChunks([file('LICENSE')], { modeIncluded: false })).toEqual(['LICENSEsha256:h']);
  });

  it('has no additional chunk without dependencies', () => {
    expect(additionalChunk([])).toBe('');
    expect(additionalChunk(['b', 'a'])).toBe('a,b');
  });

  it('wraps a missing file as bosh-cli does', () => {
    const missing: FingerprintFile = { name: 'gone', path: '/src/gone', entry: undefined };
    let message = '';
    try {
      fingerprintOf([missing]);
    } catch (e) {
      message = errorChainMessage(e as Error);
    }
    expect(message).toBe(
      "Fingerprinting source files: Fingerprinting file '/src/gone': lstat /src/gone: no such file or directory",
    );
  });
});

describe('staging fingerprint (README §6)', () => {
  it('equals the source fingerprint for owner-executable and plain files', () => {
    const files = [file('a', entry('exec', 'A', 0o755)), file('b', entry('file', 'B', 0o600))];
    expect(stagingFingerprint(files)).toBe(fingerprintOf(files));
  });

  it('follows job symlinks into 0755 regular files', () => {
    const link: FingerprintFile = {
      name: 't',
      path: '/j/t',
      entry: { path: 't', kind: 'symlink', sha256: 'L', linkTarget: 'u' },
      target: { kind: 'file', sha256: 'U' },
    };
    expect(stagingFingerprint([link], { followSymlinks: true })).toBe(
      fingerprintOf([link], { followSymlinks: true }),
    );
  });

  it('fails for a group/other exec bit without the owner one (failures/exec-bit-not-owner)', () => {
    const files = [file('packaging', entry('file', 'P'), true), file('g', entry('exec', 'G', 0o654))];
    const source = fingerprintOf(files);
    const staged = fingerprintOf([files[0] as FingerprintFile, file('g', entry('file', 'G'))]);
    expect(() => {
      verifyStagingFingerprint(files, source);
    }).toThrow(`Expected source ('${source}') and staging ('${staged}') fingerprints to match`);
  });
});
