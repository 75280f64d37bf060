import { list } from 'tar';

export type LicenseFile =
  | { readonly type: 'file'; readonly name: string; readonly mode: number; readonly content: Buffer }
  | { readonly type: 'symlink'; readonly name: string; readonly mode: number; readonly target: string };

/**
 * The files bosh-cli's ArchiveWriter puts at the top of a release tarball after extracting `license.tgz` into its
 * staging dir: top-level `LICENSE*` (sorted bytewise), then `NOTICE*`. License files are small, so they are read
 * into memory.
 */
export async function readLicenseFiles(archivePath: string): Promise<LicenseFile[]> {
  const found = new Map<string, LicenseFile>();
  await list({
    file: archivePath,
    strict: true,
    onReadEntry: (entry) => {
      const name = entry.path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
      if (name.includes('/') || !(name.startsWith('LICENSE') || name.startsWith('NOTICE'))) return;
      const mode = (entry.mode ?? 0o644) & 0o7777;
      if (entry.type === 'SymbolicLink') {
        found.set(name, { type: 'symlink', name, mode, target: entry.linkpath ?? '' });
      } else if (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => found.set(name, { type: 'file', name, mode, content: Buffer.concat(chunks) }));
      }
    },
  });
  const group = (prefix: string): LicenseFile[] =>
    [...found.values()]
      .filter((f) => f.name.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  return [...group('LICENSE'), ...group('NOTICE')];
}
