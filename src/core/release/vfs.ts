import type { FileEntry, FileKind } from './file-entry.js';
import { compareGoStrings } from './go-order.js';
import { goClean, splitAbs } from './go-path.js';

/** One node of the in-memory tree: the listed entry (or an implied directory) and, for directories, children. */
export interface VNode {
  readonly kind: FileKind;
  readonly entry: FileEntry;
  readonly children: Map<string, VNode> | undefined;
}

/** A node found by path, with its real (symlink-free) absolute path, as EvalSymlinks gives it. */
export interface Found {
  readonly node: VNode;
  readonly realPath: string;
}

/** Linux gives up with ELOOP after 40 links in one lookup. */
const MAX_LINKS = 40;
/** Longer paths fail with ENAMETOOLONG; this is what stops `**` in a directory symlink loop. */
const PATH_MAX = 4096;
const utf8 = new TextEncoder();
const tooLong = (path: string): boolean =>
  path.length >= PATH_MAX / 3 && utf8.encode(path).length >= PATH_MAX;

/** Directories implied by deeper entries get an entry too, so that callers always have one to report. */
const newDir = (path: string): VNode => ({
  kind: 'dir',
  entry: { path, kind: 'dir', sha256: '' },
  children: new Map(),
});

/**
 * An in-memory file system assembled from FileEntry lists mounted at absolute paths, so that globbing, lstat
 * and symlink resolution behave as bosh-cli's calls on the real tree would: intermediate links are followed,
 * `..` after a link is taken from the link's target, and unknown targets count as dangling unless the
 * adapter said what they resolve to.
 */
export class VirtualFs {
  private readonly root: VNode = newDir('');

  /** Adds `entries` (paths relative to `dir`) under the absolute directory `dir`. */
  mount(dir: string, entries: readonly FileEntry[]): void {
    const base = this.ensureDir(splitAbs(goClean(dir)));
    for (const entry of entries) {
      const parts = entry.path.split('/').filter((p) => p !== '' && p !== '.');
      const name = parts.pop();
      if (name === undefined) continue;
      const parent = this.ensureDir(parts, base);
      const existing = parent.children?.get(name);
      if (entry.kind === 'dir' && existing?.kind === 'dir') continue;
      parent.children?.set(name, {
        kind: entry.kind,
        entry,
        children: entry.kind === 'dir' ? new Map() : undefined,
      });
    }
  }

  /** os.Lstat: every link but the last is followed. */
  lstat(path: string): Found | undefined {
    if (tooLong(path)) return undefined;
    return this.walk(splitAbs(goClean(path)), false, { links: 0 });
  }

  /** os.Stat: the last link is followed too. */
  stat(path: string): Found | undefined {
    if (tooLong(path)) return undefined;
    return this.walk(splitAbs(goClean(path)), true, { links: 0 });
  }

  /** Entry names of a directory in Go's sorted order. */
  readdir(node: VNode): string[] {
    return [...(node.children?.keys() ?? [])].sort(compareGoStrings);
  }

  private ensureDir(parts: readonly string[], from: VNode = this.root): VNode {
    let cur = from;
    for (const part of parts) {
      let next = cur.children?.get(part);
      if (next?.kind !== 'dir') {
        next = newDir(part);
        cur.children?.set(part, next);
      }
      cur = next;
    }
    return cur;
  }

  private walk(parts: readonly string[], followLast: boolean, budget: { links: number }): Found | undefined {
    let node = this.root;
    let real: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i] as string;
      const last = i === parts.length - 1;
      if (name === '..') {
        real = real.slice(0, -1);
        node = this.walk(real, true, budget)?.node ?? this.root;
        continue;
      }
      const child = node.children?.get(name);
      if (child === undefined) return undefined;
      if (child.kind === 'symlink' && (!last || followLast)) {
        const target = this.follow(child, [...real, name], budget);
        if (target === undefined) return undefined;
        node = target.node;
        real = splitAbs(target.realPath);
        continue;
      }
      if (!last && child.kind !== 'dir') return undefined; // ENOTDIR
      node = child;
      real = [...real, name];
    }
    return { node, realPath: '/' + real.join('/') };
  }

  private follow(link: VNode, linkPath: readonly string[], budget: { links: number }): Found | undefined {
    if (++budget.links > MAX_LINKS) return undefined;
    const target = link.entry.linkTarget;
    if (target !== undefined) {
      const dir = linkPath.slice(0, -1);
      const abs = target.startsWith('/') ? target : '/' + [...dir, target].join('/');
      // Not goClean: `..` must be applied after following earlier links, as the kernel does.
      const parts = abs.split('/').filter((p) => p !== '' && p !== '.');
      const found = this.walk(parts, true, budget);
      if (found !== undefined) return found;
    }
    const hint = link.entry.resolved;
    if (hint === undefined || hint === null) return undefined;
    const entry: FileEntry = { path: linkPath.join('/'), kind: hint.kind, sha256: hint.sha256 };
    const node: VNode = { kind: hint.kind, entry, children: hint.kind === 'dir' ? new Map() : undefined };
    return { node, realPath: '/' + linkPath.join('/') };
  }
}
