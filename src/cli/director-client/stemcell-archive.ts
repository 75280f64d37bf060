import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { goPathError } from '../../adapters/fs/go-os-error.js';
import { wrapError } from '../../base/errors.js';
import { goString, unmarshal } from '../../core/release/go-yaml-struct.js';
import { goStruct } from '../../core/release/go-yaml-composite.js';

const metadataCodec = goStruct('director.StemcellMetadata', { name: goString, version: goString });

/**
 * bosh-cli StemcellArchiveWithMetadata: `name` and `version` from the `stemcell.MF` (or `./stemcell.MF`) of a
 * gzipped stemcell tarball, read as a stream so that a large image is not read past the manifest.
 */
export async function stemcellMetadata(path: string): Promise<{ name: string; version: string }> {
  const bytes = await readMember(path, 'stemcell.MF');
  try {
    return unmarshal(bytes.toString('utf8'), metadataCodec);
  } catch (e) {
    throw wrapError(e, "Unmarshalling 'stemcell.MF'");
  }
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    throw goPathError('stat', path, e);
  }
}

async function readMember(path: string, member: string): Promise<Buffer> {
  try {
    await stat(path);
  } catch (e) {
    throw wrapError(goPathError('open', path, e), 'Opening archive');
  }
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.pipe(gunzip);
  let buf = Buffer.alloc(0);
  let longName: string | undefined;
  try {
    for await (const chunk of gunzip) {
      buf = Buffer.concat([buf, chunk as Buffer]);
      for (;;) {
        if (buf.length < 512) break;
        const header = buf.subarray(0, 512);
        if (header.every((b) => b === 0)) return missing(member);
        const size = Number.parseInt(cString(header, 124, 12).trim() || '0', 8);
        const total = 512 + Math.ceil(size / 512) * 512;
        if (buf.length < total) break;
        const body = buf.subarray(512, 512 + size);
        const type = String.fromCharCode(header[156] ?? 0);
        const prefix = cString(header, 345, 155);
        const name =
          longName ?? (prefix !== '' ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
        longName = type === 'L' ? body.toString('utf8').replace(/\0+$/, '') : undefined;
        if (type !== 'L' && (name === member || name === `./${member}`)) return Buffer.from(body);
        buf = buf.subarray(total);
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new Error('gzip: invalid header');
    throw e;
  } finally {
    source.destroy();
  }
  return missing(member);
}

function missing(member: string): never {
  throw new Error(`Missing '${member}'`);
}

function cString(b: Buffer, offset: number, length: number): string {
  const field = b.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}
