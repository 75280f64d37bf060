import { describe, expect, it } from 'vitest';
import { errorChainMessage } from '../../base/errors.js';
import type { FileEntry } from './file-entry.js';
import { fingerprintChunks } from './fingerprint.js';
import { selectPackageFiles } from './package-files.js';
import type { PackageSpec } from './package-spec.js';
import { releaseSource } from './release-source.js';

const f = (path: string, sha256 = path): FileEntry => ({ path, kind: 'file', sha256 });
const ln = (path: string, linkTarget: string): FileEntry => ({
  path,
  kind: 'symlink',
  sha256: 'L',
  linkTarget,
});

const BASE = [f('packages/p/packaging', 'P'), f('src/README.md')];

function select(files: string[], extra: FileEntry[], excludedFiles: string[] = [], base = BASE) {
  const spec: PackageSpec = { name: 'p', dependencies: [], files, excludedFiles };
  const source = releaseSource('/r', [...base, ...extra]);
  const selected = selectPackageFiles(source, '/r/packages/p', spec);
  return selected.files.map((x) => `${x.name}=${x.entry?.sha256 ?? '?'}`);
}

function failure(files: string[], extra: FileEntry[], base = BASE): string {
  try {
    select(files, extra, [], base);
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  return 'no error';
}

describe('package file selection', () => {
  it('prefers src over blobs for the same relative path', () => {
    expect(select(['x.txt'], [f('src/x.txt', 'S'), f('blobs/x.txt', 'B')])).toEqual([
      'packaging=P',
      'x.txt=S',
    ]);
  });

  it('takes blobs when src has no match, and applies excluded_files to both', () => {
    const extra = [f('src/big/a'), f('blobs/big/b'), f('blobs/big/c'), f('src/big/keep')];
    expect(select(['big/*'], extra, ['big/{a,b}'])).toEqual([
      'packaging=P',
      'big/c=blobs/big/c',
      'big/keep=src/big/keep',
    ]);
  });

  it('lets `*` match dotfiles and keeps symlinks as links', () => {
    const extra = [f('src/d/.v'), ln('src/d/l', 'elsewhere')];
    expect(select(['d/*'], extra)).toEqual(['packaging=P', 'd/.v=src/d/.v', 'd/l=L']);
  });

  it('skips files reached through a symlinked directory but keeps the link', () => {
    const extra = [f('src/c/lib/u.sh'), ln('src/c/alias', 'lib')];
    expect(select(['c/**/*'], extra)).toEqual(['packaging=P', 'c/alias=L', 'c/lib/u.sh=src/c/lib/u.sh']);
    expect(failure(['c/alias/*'], extra)).toBe("Missing files for pattern 'c/alias/*'");
  });

  it('fails for a glob that matches nothing or only directories', () => {
    expect(failure(['nothing/*'], [])).toBe("Missing files for pattern 'nothing/*'");
    expect(failure(['dir'], [f('src/dir/x')])).toBe("Missing files for pattern 'dir'");
  });

  it('refuses packaging or pre_packaging selected via files', () => {
    expect(failure(['*'], [f('src/pre_packaging')])).toBe(
      "Expected special 'pre_packaging' file to not be included via 'files' key for package 'p'",
    );
  });

  it('requires packaging, takes pre_packaging when present, both without mode', () => {
    expect(failure([], [], [f('src/README.md')])).toBe(
      "Expected to find '/r/packages/p/packaging' for package 'p'",
    );
    const source = releaseSource('/r', [
      ...BASE,
      { path: 'packages/p/pre_packaging', kind: 'exec', sha256: 'Q' },
    ]);
    const spec: PackageSpec = { name: 'p', dependencies: [], files: [], excludedFiles: [] };
    const { files, prepFiles } = selectPackageFiles(source, '/r/packages/p', spec);
    expect(fingerprintChunks(files)).toEqual(['packagingsha256:P', 'pre_packagingsha256:Q']);
    expect(prepFiles.map((x) => x.name)).toEqual(['pre_packaging']);
  });

  it('quietly leaves out a packaging that is a directory; a dangling one is missing', () => {
    const base = [f('packages/p/packaging/inner'), f('src/README.md')];
    expect(select([], [], [], base)).toEqual([]);
    const dangling = [ln('packages/p/packaging', 'gone'), f('src/README.md')];
    expect(failure([], [], dangling)).toBe("Expected to find '/r/packages/p/packaging' for package 'p'");
  });

  it('fails every package when src/ is missing (README §15.3)', () => {
    expect(failure([], [], [f('packages/p/packaging')])).toBe(
      'Unexpected error occurred: lstat /r/src: no such file or directory',
    );
  });

  it('reports bad glob syntax as a listing error', () => {
    expect(failure(['['], [f('src/x')])).toBe('Listing package files in src: syntax error in pattern');
  });

  it('names a match outside src/ by its absolute path, as resource.NewFile does', () => {
    // Under src/ the glob escapes to /r/blobs/x (named by its absolute path); under blobs/ it is plain `x`.
    expect(select(['../blobs/x'], [f('blobs/x', 'B')])).toEqual(['packaging=P', 'r/blobs/x=B', 'x=B']);
  });
});
