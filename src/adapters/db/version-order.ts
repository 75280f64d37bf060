import { compareVersions, parseVersion } from '../../core/release/semi-semantic.js';

/** BOSH's version order (semi-semantic: `1.10` after `1.9`), or plain text order for a version that is not one. */
export function compareVersionText(a: string, b: string): number {
  try {
    return compareVersions(parseVersion(a), parseVersion(b));
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
