import type { FingerprintFile } from './fingerprint.js';
import { compareGoStrings } from './go-order.js';
import { goJoin } from './go-path.js';
import type { ReleaseSource } from './release-source.js';

/**
 * The license of a release (release/license/dir_reader.go): the release root's entries matching `LICENSE*`,
 * then those matching `NOTICE*` (filepath.Glob, each list sorted), named by their base names with the mode
 * left out. No match means the release has no license at all.
 */
export function selectLicenseFiles(source: ReleaseSource): FingerprintFile[] {
  const root = source.fs.stat(source.dir);
  if (root?.node.kind !== 'dir') return [];
  const names = [...(root.node.children?.keys() ?? [])].sort(compareGoStrings);
  const files: FingerprintFile[] = [];
  for (const prefix of ['LICENSE', 'NOTICE']) {
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      const path = goJoin(source.dir, name);
      files.push({ name, path, entry: root.node.children?.get(name)?.entry, excludeMode: true });
    }
  }
  return files;
}
