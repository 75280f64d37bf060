import { appendFileSync, mkdirSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type TaskOutputType = 'event' | 'result' | 'debug' | 'cpi';

export const TASK_OUTPUT_TYPES: readonly TaskOutputType[] = ['event', 'result', 'debug', 'cpi'];

/** An answer to `GET /tasks/:id/output`: the status, the bytes, and `Content-Range` for 206/416. */
export interface TaskOutputRead {
  readonly status: 200 | 204 | 206 | 416;
  readonly body: Buffer;
  readonly contentRange?: string;
}

/**
 * The outputs of each task as files under `<data_dir>/tasks/<id>/` (BOSH keeps event and result output in DB
 * columns it rewrites on every line; files make appends O(1) and `Range` reads natural). Appends are synchronous so
 * lines of one task never interleave or reorder.
 */
export class TaskFiles {
  constructor(private readonly root: string) {}

  dir(id: number): string {
    return join(this.root, String(id));
  }

  create(id: number): void {
    mkdirSync(this.dir(id), { recursive: true, mode: 0o750 });
  }

  append(id: number, type: TaskOutputType, text: string): void {
    appendFileSync(join(this.dir(id), type), text, { mode: 0o640 });
  }

  /**
   * The output with Rack's byte-range rules for one `bytes=N-` / `bytes=N-M` / `bytes=-N` range: 206 with
   * `Content-Range: bytes a-b/size`, 416 with `bytes *\/size` when unsatisfiable, 204 when there is no output.
   */
  async read(id: number, type: TaskOutputType, rangeHeader: string | undefined): Promise<TaskOutputRead> {
    const path = join(this.dir(id), type);
    const size = await stat(path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    if (size === undefined) return { status: 204, body: Buffer.alloc(0) };
    const range = rangeHeader === undefined ? undefined : byteRange(rangeHeader, size);
    if (range === undefined) return { status: 200, body: await readBytes(path, 0, size) };
    if (range === 'unsatisfiable') {
      return {
        status: 416,
        body: Buffer.from('Byte range unsatisfiable'),
        contentRange: `bytes */${String(size)}`,
      };
    }
    const [from, to] = range;
    return {
      status: 206,
      body: await readBytes(path, from, to - from + 1),
      contentRange: `bytes ${String(from)}-${String(to)}/${String(size)}`,
    };
  }
}

async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * `Rack::Utils.byte_ranges` for a single range: undefined when the header is not a (single) byte range (the
 * whole output is sent), 'unsatisfiable', or the inclusive [from, to].
 */
export function byteRange(header: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = /^bytes=(.*)$/.exec(header.trim());
  if (m?.[1] === undefined) return undefined;
  const specs = m[1].split(/,\s*/);
  if (specs.length !== 1) return undefined;
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? '');
  if (spec === null) return undefined;
  const [, first = '', last = ''] = spec;
  let from: number;
  let to: number;
  if (first === '') {
    if (last === '') return undefined;
    from = Math.max(size - Number(last), 0);
    to = size - 1;
  } else {
    from = Number(first);
    to = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < from) return undefined;
  }
  return from > to ? 'unsatisfiable' : [from, to];
}
