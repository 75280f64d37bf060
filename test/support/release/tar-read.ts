import { createHash } from 'node:crypto';
import { Parser, type ReadEntry } from 'tar';
import type { InnerEntry } from './case-types.js';

export interface TarEntry {
  name: string;
  type: string;
  mode: string;
  linkname?: string;
  data: Buffer;
}

const TYPES: Readonly<Record<string, string>> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'dir',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

export const isGzip = (buf: Buffer): boolean => buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;

/** All entries of a (gzip'd) tar archive in archive order, names as stored (directories keep their '/'). */
export function readTar(buf: Buffer): Promise<TarEntry[]> {
  return new Promise((done, fail) => {
    const entries: TarEntry[] = [];
    const pending: Promise<void>[] = [];
    const parser = new Parser({
      strict: true,
      onReadEntry: (e: ReadEntry) => {
        const chunks: Buffer[] = [];
        pending.push(
          new Promise((ended) => {
            e.on('data', (d: Buffer) => chunks.push(d));
            e.on('end', () => {
              const entry: TarEntry = {
                name: e.path,
                type: TYPES[e.type] ?? e.type,
                mode: ((e.mode ?? 0) & 0o7777).toString(8).padStart(4, '0'),
                data: Buffer.concat(chunks),
              };
              if (e.linkpath !== undefined && e.linkpath !== '') entry.linkname = e.linkpath;
              entries.push(entry);
              ended();
            });
          }),
        );
      },
    });
    parser.on('error', fail);
    parser.on('end', () => {
      void Promise.all(pending).then(() => {
        done(entries);
      });
    });
    parser.end(buf);
  });
}

const digest = (algo: 'sha1' | 'sha256', data: Buffer): string => createHash(algo).update(data).digest('hex');

/** The recorded shape of an entry: name/type/mode, plus size/sha1/sha256 for files or linkname for links. */
export function describeEntry(e: TarEntry): InnerEntry {
  const out: InnerEntry = { name: e.name, type: e.type, mode: e.mode };
  if (e.type === 'file') {
    out.size = e.data.length;
    out.sha1 = digest('sha1', e.data);
    out.sha256 = digest('sha256', e.data);
  }
  if (e.linkname !== undefined) out.linkname = e.linkname;
  return out;
}
