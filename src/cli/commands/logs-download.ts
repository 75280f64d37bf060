/**
 * bosh-cli `UIDownloader.Download`: a director resource saved as `<dir>/<prefix>-<YYYYMMDD-hhmmss-nanos>.tgz`,
 * downloaded to a temp file first and then moved into place.
 */
import { randomInt } from 'node:crypto';
import { copyFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { downloadResource } from '../director-client/api-logs-ssh.js';
import type { Director } from '../director-client/director.js';
import type { Ui } from '../ui/ui.js';

/**
 * Go's `Format("20060102-150405.999999999")` with the `.` made a `-`: local time, the fraction without trailing
 * zeros (and without the separator when it is zero).
 */
export function goTimestamp(epochNanos: bigint): string {
  const d = new Date(Number(epochNanos / 1_000_000n));
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${String(d.getFullYear())}${two(d.getMonth() + 1)}${two(d.getDate())}`;
  const time = `${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
  const fraction = String(epochNanos % 1_000_000_000n)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${date}-${time}${fraction === '' ? '' : `-${fraction}`}`;
}

/** Now, in nanoseconds: the wall clock's milliseconds with the monotonic clock's finer digits. */
export function nowNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

/** boshfu FileMover: a rename, or a copy when the temp dir is on another filesystem. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

export async function downloadTo(
  d: Director,
  ui: Pick<Ui, 'printLine'>,
  o: { readonly blobstoreId: string; readonly prefix: string; readonly dir: string; readonly nanos: bigint },
): Promise<string> {
  const dest = join(o.dir, `${o.prefix}-${goTimestamp(o.nanos)}.tgz`);
  const tmp = join(tmpdir(), `director-resource-${o.blobstoreId}${String(randomInt(2 ** 32))}`);
  await writeFile(tmp, '', { flag: 'wx', mode: 0o600 });
  try {
    ui.printLine(`Downloading resource '${o.blobstoreId}' to '${dest}'...`);
    await writeFile(tmp, await downloadResource(d, o.blobstoreId));
    try {
      await move(tmp, dest);
    } catch (e) {
      throw wrapError(e, 'Moving to final destination');
    }
  } finally {
    await rm(tmp, { force: true });
  }
  return dest;
}
