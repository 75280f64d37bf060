import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';
import { toError } from '../../base/errors.js';

const BLOCK = 512;
const ZEROS = Buffer.alloc(2 * BLOCK);
const READ_CHUNK = 1 << 20;

export interface TarWriterOptions {
  /** gzip level 0-9, or `null` for a plain tar. */
  readonly gzipLevel: number | null;
  /** mtime of every entry. */
  readonly mtime: Date;
}

/**
 * Streams a tar (ustar, pax headers where names need them) through gzip into a new file (mode 0600), hashing the
 * output with sha256 on the way. Entries are written in call order with exactly the given names and modes; owner
 * fields are 0 and names empty, so nothing about the building user leaks.
 */
export class TarWriter {
  private readonly input: Writable;
  private readonly done: Promise<void>;
  private readonly hash = createHash('sha256');
  private size = 0;
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly options: TarWriterOptions,
  ) {
    const level = options.gzipLevel;
    // Fast levels are bound by per-chunk overhead, so they get big output chunks.
    const chunkSize = level !== null && level <= 1 ? 1 << 20 : 1 << 16;
    const input = level === null ? new PassThrough() : createGzip({ level, chunkSize });
    const tap = new Transform({
      transform: (chunk: Buffer, _enc, callback) => {
        this.hash.update(chunk);
        this.size += chunk.length;
        callback(null, chunk);
      },
    });
    this.input = input;
    this.done = pipeline(input, tap, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    this.done.catch((e: unknown) => {
      this.failure ??= toError(e);
    });
  }

  static create(path: string, options: TarWriterOptions): TarWriter {
    return new TarWriter(path, options);
  }

  async directory(name: string, mode: number): Promise<void> {
    await this.write(
      this.header({ path: name.endsWith('/') ? name : `${name}/`, mode, size: 0, type: 'Directory' }),
    );
  }

  async symlink(name: string, target: string, mode = 0o777): Promise<void> {
    await this.write(this.header({ path: name, mode, size: 0, type: 'SymbolicLink', linkpath: target }));
  }

  async fileFromBuffer(name: string, mode: number, content: Uint8Array): Promise<void> {
    await this.write(this.header({ path: name, mode, size: content.length, type: 'File' }));
    if (content.length > 0) await this.write(content);
    await this.pad(content.length);
  }

  /**
   * A regular file of `size` bytes, pulled with `read(buffer, position)` (bytes read; 0 at the end). `tap` sees
   * every chunk. A source that ends early fails, as GNU tar's "file changed as we read it" does.
   */
  async fileFromReader(
    name: string,
    mode: number,
    size: number,
    read: (buffer: Buffer, position: number) => Promise<number>,
    tap?: (chunk: Uint8Array) => void,
  ): Promise<void> {
    await this.write(this.header({ path: name, mode, size, type: 'File' }));
    let position = 0;
    while (position < size) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - position));
      const bytesRead = await read(buffer, position);
      if (bytesRead === 0) throw new Error(`${name}: file changed as we read it`);
      const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      tap?.(chunk);
      position += bytesRead;
      await this.write(chunk);
    }
    await this.pad(size);
  }

  /** Ends the archive; resolves once the file is complete. */
  async finish(): Promise<{ digest: string; size: number }> {
    await this.write(ZEROS);
    this.input.end();
    await this.done;
    return { digest: `sha256:${this.hash.digest('hex')}`, size: this.size };
  }

  /** Stops writing after a failure; the caller removes the file. */
  async abort(): Promise<void> {
    this.input.destroy();
    await this.done.catch(() => undefined);
  }

  private header(data: HeaderData): Buffer {
    const full: HeaderData = { ...data, uid: 0, gid: 0, uname: '', gname: '', mtime: this.options.mtime };
    const header = new Header(full);
    const needPax = header.encode();
    const block = header.block;
    if (!block) throw new Error(`Encoding tar header for '${data.path ?? ''}'`);
    if (!needPax) return block;
    const paxData: HeaderData = { mtime: this.options.mtime };
    if (data.path !== undefined) paxData.path = data.path;
    if (data.linkpath !== undefined) paxData.linkpath = data.linkpath;
    if (data.size !== undefined) paxData.size = data.size;
    const pax = new Pax(paxData);
    return Buffer.concat([pax.encode(), block]);
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest !== 0) await this.write(ZEROS.subarray(0, BLOCK - rest));
  }

  private async write(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (!this.input.write(chunk)) {
      await Promise.race([once(this.input, 'drain'), this.done]);
      this.throwIfFailed();
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
