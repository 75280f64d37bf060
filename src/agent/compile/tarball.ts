import { open } from 'node:fs/promises';
import { create } from 'tar';

const COMPRESSED_MAGICS: readonly (readonly number[])[] = [
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
];
const USTAR = Buffer.from('ustar');
const USTAR_OFFSET = 257;

/**
 * bosh-utils' IsNonCompressedTarball over the first 512 bytes: a compression magic means compressed; otherwise
 * `ustar` at offset 257 means a plain tarball. Anything else (or an unreadable file) counts as compressed.
 */
export function isNonCompressedTarballHeader(head: Buffer): boolean {
  if (COMPRESSED_MAGICS.some((magic) => magic.every((b, i) => head[i] === b))) return false;
  if (head.length <= USTAR_OFFSET + USTAR.length) return false;
  return head.subarray(USTAR_OFFSET, USTAR_OFFSET + USTAR.length).equals(USTAR);
}

export async function isNonCompressedTarball(path: string): Promise<boolean> {
  let head: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(512);
      const { bytesRead } = await file.read(buffer, 0, 512, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch {
    return false;
  }
  return isNonCompressedTarballHeader(head);
}

/** `tar -cf <file> -C <dir> [-z] .`: the directory's content as `./…` entries. */
export async function compressDir(dir: string, file: string, gzip: boolean): Promise<void> {
  await create({ file, cwd: dir, gzip, follow: false }, ['.']);
}
