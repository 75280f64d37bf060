import type { PromptInput } from './ui.js';

/**
 * Answers typed on stdin, a line at a time; what follows a line stays buffered for the next question. On a
 * terminal a secret is read in raw mode so it is not echoed (Enter, Backspace, Ctrl-C/Ctrl-D as end of input).
 */
export class StdinInput implements PromptInput {
  readonly terminal: boolean;
  private pending = '';
  private ended = false;

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly writeOut: (text: string) => void,
  ) {
    this.terminal = stdin.isTTY;
  }

  readLine(secret: boolean): Promise<string | null> {
    return secret && this.terminal ? this.readSecret() : this.nextLine();
  }

  private nextLine(): Promise<string | null> {
    return new Promise((resolve) => {
      const settle = (): boolean => {
        const nl = this.pending.indexOf('\n');
        if (nl === -1 && !this.ended) return false;
        cleanup();
        if (nl === -1) {
          resolve(null);
        } else {
          resolve(this.pending.slice(0, nl).replaceAll('\r', ''));
          this.pending = this.pending.slice(nl + 1);
        }
        return true;
      };
      const onData = (chunk: Buffer | string): void => {
        this.pending += chunk.toString();
        settle();
      };
      const onEnd = (): void => {
        this.ended = true;
        settle();
      };
      const cleanup = (): void => {
        this.stdin.off('data', onData);
        this.stdin.off('end', onEnd);
        this.stdin.pause();
      };
      if (settle()) return;
      this.stdin.on('data', onData);
      this.stdin.on('end', onEnd);
      this.stdin.resume();
    });
  }

  private readSecret(): Promise<string | null> {
    return new Promise((resolve) => {
      let line = '';
      const finish = (value: string | null): void => {
        this.stdin.off('data', onData);
        this.stdin.setRawMode(false);
        this.stdin.pause();
        this.writeOut('\n');
        resolve(value);
      };
      const onData = (chunk: Buffer | string): void => {
        for (const ch of chunk.toString()) {
          if (ch === '\r' || ch === '\n') {
            finish(line);
            return;
          }
          if (ch === '\u0003' || (ch === '\u0004' && line === '')) {
            finish(null);
            return;
          }
          if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
          else line += ch;
        }
      };
      this.stdin.setRawMode(true);
      this.stdin.on('data', onData);
      this.stdin.resume();
    });
  }
}
