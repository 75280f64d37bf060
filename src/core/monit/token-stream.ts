import type { Token } from './monit-lexer.js';

/** Thrown inside a statement; the parser records it and resumes at the next `check`. */
export class StatementError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'StatementError';
  }
}

/** A cursor over monit tokens with case-insensitive keyword matching (quoted strings never match keywords). */
export class TokenStream {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  /** The line of the next token, else of the last one. */
  get line(): number {
    return (this.peek() ?? this.tokens[this.tokens.length - 1])?.line ?? 1;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (t === undefined) throw new StatementError(this.line, 'unexpected end of file');
    this.pos++;
    return t;
  }

  /** True when the next token is one of the given keywords (lower case). */
  isWord(...words: string[]): boolean {
    return this.isWordAt(0, ...words);
  }

  isWordAt(offset: number, ...words: string[]): boolean {
    const k = keywordOf(this.peek(offset));
    return k !== undefined && words.includes(k);
  }

  /** Consumes the next token when it is one of the keywords. */
  accept(...words: string[]): string | undefined {
    if (!this.isWord(...words)) return undefined;
    return this.next().text.toLowerCase();
  }

  /** Consumes any run of the given noise words. */
  skip(...words: string[]): void {
    while (this.accept(...words) !== undefined) {
      // skipped
    }
  }

  acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t?.kind !== 'punct' || t.text !== p) return false;
    this.pos++;
    return true;
  }

  expectWord(what: string, ...words: string[]): string {
    const got = this.accept(...words);
    if (got === undefined) throw this.unexpected(what);
    return got;
  }

  /** A word or a quoted string: a name, a path, a command (never the `check` that starts the next stanza). */
  expectValue(what: string): Token {
    const t = this.peek();
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'string') || this.isWord('check')) {
      throw this.unexpected(what);
    }
    return this.next();
  }

  expectString(what: string): string {
    const t = this.peek();
    if (t?.kind !== 'string') throw this.unexpected(what);
    return this.next().text;
  }

  expectInteger(what: string): number {
    const t = this.peek();
    if (t?.kind !== 'word' || !/^\d+$/.test(t.text)) throw this.unexpected(what);
    return Number(this.next().text);
  }

  unexpected(what: string): StatementError {
    const t = this.peek();
    const got = t === undefined ? 'end of file' : `'${t.text}'`;
    return new StatementError(this.line, `expected ${what}, got ${got}`);
  }

  get position(): number {
    return this.pos;
  }

  /** Moves back to a position taken earlier (to give back noise words that belong to the next statement). */
  rewind(to: number): void {
    this.pos = to;
  }

  /** The source tokens between two positions, joined by single spaces (strings re-quoted). */
  textBetween(from: number, to: number): string {
    return this.tokens
      .slice(from, to)
      .map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text))
      .join(' ');
  }
}

export function keywordOf(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
}
