import { CR, LF, NEL, isBreak, isLowSurrogate } from './scan-chars.js';
import type { Token } from './tokens.js';
import { YamlProblem, type Mark } from './yaml-error.js';

const HIGH_SURROGATE = /[\ud800-\udbff]/;
const BREAK_SEARCH = /[\0\r\n\x85\u2028\u2029]/g;

/** A place where a simple (implicit) key may start, as libyaml tracks it per flow level. */
export interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/**
 * The scanner's cursor and token queue: libyaml's reader position (index/line/column in code points), the
 * queue with insertion (KEY and BLOCK-MAPPING-START are inserted before an already scanned simple key), and
 * the error helper. The token-producing logic lives in scanner.ts and the scan-*.ts functions.
 */
export class ScannerState {
  readonly src: string;
  readonly len: number;
  pos = 0;
  line = 0;
  column = 0;
  /** Offsets of astral characters (surrogate pairs), which count as one character in marks. */
  private readonly astral: number[] = [];

  readonly tokens: Token[] = [];
  head = 0;
  tokensParsed = 0;
  tokenAvailable = false;

  streamStartProduced = false;
  indent = -1;
  readonly indents: number[] = [];
  simpleKeyAllowed = false;
  readonly simpleKeys: SimpleKey[] = [];
  readonly simpleKeysByTok = new Map<number, number>();
  flowLevel = 0;

  constructor(src: string) {
    // NUL sentinels stand for libyaml's end-of-input terminator, so lookahead needs no bounds checks
    // (real NULs never get here: the reader rejects control characters).
    this.src = `${src}\0\0\0\0`;
    this.len = src.length;
    if (HIGH_SURROGATE.test(src)) {
      for (let i = 0; i < src.length; i++) {
        const c = src.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(src.charCodeAt(i + 1))) this.astral.push(i++);
      }
    }
  }

  /** libyaml's mark.index: characters (code points) before the cursor. */
  get index(): number {
    return this.astral.length === 0 ? this.pos : this.pos - this.pairsBefore(this.pos);
  }

  private pairsBefore(pos: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.astral[mid] as number) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves to `to` over characters that are not line breaks, keeping the column in code points. */
  advanceTo(to: number): void {
    let width = to - this.pos;
    if (this.astral.length !== 0) width -= this.pairsBefore(to) - this.pairsBefore(this.pos);
    this.column += width;
    this.pos = to;
  }

  /** Skips spaces (a tight loop: this runs for every indented line). */
  skipSpaces(): void {
    const src = this.src;
    let p = this.pos;
    while (src.charCodeAt(p) === 0x20) p++;
    this.column += p - this.pos;
    this.pos = p;
  }

  /** Skips a comment up to (not including) the line break or the end. */
  skipToBreak(): void {
    // test() instead of exec(): no match array to allocate. A sentinel NUL always matches.
    BREAK_SEARCH.lastIndex = this.pos;
    this.advanceTo(BREAK_SEARCH.test(this.src) ? BREAK_SEARCH.lastIndex - 1 : this.len);
  }

  /** The code unit at `off` from the cursor, 0 at the end of input. */
  ch(off = 0): number {
    return this.src.charCodeAt(this.pos + off);
  }

  mark(): Mark {
    const index = this.astral.length === 0 ? this.pos : this.pos - this.pairsBefore(this.pos);
    return { index, line: this.line, column: this.column };
  }

  /** Moves past one character (a whole surrogate pair counts as one, as a UTF-8 sequence does). */
  skip(): void {
    const c = this.src.charCodeAt(++this.pos);
    if (c >= 0xdc00 && c <= 0xdfff) this.pos++;
    this.column++;
  }

  skipLine(): void {
    const c = this.ch();
    if (c === CR && this.ch(1) === LF) {
      this.pos += 2;
      this.column = 0;
      this.line++;
    } else if (isBreak(c)) {
      this.pos++;
      this.column = 0;
      this.line++;
    }
  }

  /** libyaml's read_line: consumes a break and returns what it contributes to a scalar. */
  readLine(): string {
    const c = this.ch();
    let out: string;
    if (c === CR && this.ch(1) === LF) {
      this.pos += 2;
      out = '\n';
    } else if (c === CR || c === LF || c === NEL) {
      this.pos++;
      out = '\n';
    } else if (isBreak(c)) {
      this.pos++;
      out = String.fromCharCode(c);
    } else {
      return '';
    }
    this.column = 0;
    this.line++;
    return out;
  }

  scannerError(context: string, contextMark: Mark, problem: string): never {
    throw new YamlProblem('scanner', problem, this.mark(), context, contextMark);
  }

  /** yaml_insert_token: `pos` counts from the queue head; a negative `pos` appends. */
  insertToken(pos: number, token: Token): void {
    if (pos < 0) {
      this.tokens.push(token);
    } else {
      this.tokens.splice(this.head + pos, 0, token);
    }
  }

  /** Forgets consumed tokens once the queue runs empty, which keeps insertions near the head cheap. */
  compactQueue(): void {
    if (this.head === this.tokens.length) {
      this.tokens.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.tokens.splice(0, this.head);
      this.head = 0;
    }
  }
}
