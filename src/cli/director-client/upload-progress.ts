/**
 * bosh-cli's FileReporter.TrackUpload: a cheggaaa/pb bar (`{{bar}} {{percent}} {{speed}} {{rtime}}`, 80 wide,
 * sizes in bytes) redrawn with `\r` through the UI's begin-line output, so it shows on a terminal only. Redrawn at
 * most every 200 ms (pb's refresh rate) and once more, with a line break, when the whole file is sent.
 */
export class UploadProgress {
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly size: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(sent: number): void {
    const t = this.now();
    if (sent >= this.size) {
      this.write(`\r${this.render(this.size, t)}\n`);
      return;
    }
    if (t - this.lastDraw < 200) return;
    this.lastDraw = t;
    this.write(`\r${this.render(sent, t)}`);
  }

  render(sent: number, t: number): string {
    const elapsed = Math.max((t - this.started) / 1000, 0);
    const percent = this.size === 0 ? 100 : (sent / this.size) * 100;
    const speed = elapsed > 0 ? `${formatBytes(sent / elapsed)}/s` : ' ';
    const rest =
      sent >= this.size
        ? `${Math.round(elapsed).toString()}s`
        : elapsed > 0 && sent > 0
          ? `${Math.round(((this.size - sent) * elapsed) / sent).toString()}s`
          : '?';
    const tail = ` ${percent.toFixed(2)}% ${speed} ${rest}`;
    const width = Math.max(80 - tail.length - 2, 10);
    const full = Math.min(width, Math.floor((width * percent) / 100));
    const bar = full >= width ? '='.repeat(width) : '='.repeat(full) + '>' + '_'.repeat(width - full - 1);
    return `[${bar}]${tail}`;
  }
}

/** pb's byte counts: `512 B`, `1.50 KiB`, `3.20 MiB`. */
function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v).toString()} B` : `${v.toFixed(2)} ${units[i] ?? ''}`;
}
