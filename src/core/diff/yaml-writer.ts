/**
 * libyaml 0.2.5's emitter output primitives and scalar writers (`yaml_emitter_write_*`), with the column
 * bookkeeping that decides where long scalars fold (best width 80, best indent 2: Psych's defaults).
 */
import { isBreak, isPrintable } from './yaml-analysis.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
/** Characters double-quoted scalars write as `\` + the letter at the same position. */
const NAMED_ESCAPES = '\0\x07\b\t\n\v\f\r\x1b"\\\x85\xa0\u2028\u2029';
const ESCAPE_LETTERS = '0abtnvfre"\\N_LP';

export class YamlWriter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  flowLevel = 0;
  openEnded = 0;
  private readonly indents: number[] = [];

  put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
    }
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** An anchor/alias name or a tag handle/suffix: plain ASCII text, no longer whitespace. */
  writeWord(text: string, spaceFirst: boolean): void {
    if (spaceFirst && !this.whitespace) this.put(' ');
    for (const ch of text) this.put(ch);
    this.whitespace = false;
    this.indention = false;
  }

  /** Shared by plain and single-quoted scalars: a line break in the value, written as YAML line folding. */
  private lineBreak(ch: string, breaks: boolean): void {
    if (!breaks && ch === '\n') this.putBreak();
    this.writeBreak(ch);
    this.indention = true;
  }

  writePlain(chars: readonly string[], allowBreaks: boolean): void {
    if (!this.whitespace && (chars.length > 0 || this.flowLevel > 0)) this.put(' ');
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        this.lineBreak(ch, breaks);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = spaces = breaks = false;
      }
    });
    this.whitespace = this.indention = false;
  }

  writeSingleQuoted(chars: readonly string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] ?? '';
      if (ch === ' ') {
        const inner = i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ';
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inner) this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        this.lineBreak(ch, breaks);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = spaces = breaks = false;
      }
    }
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = this.indention = false;
  }

  writeDoubleQuoted(chars: readonly string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0) ?? 0;
      if (!isPrintable(ch) || isBreak(ch) || ch === '"' || ch === '\\') {
        const named = ESCAPE_LETTERS[NAMED_ESCAPES.indexOf(ch)];
        const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
        this.put('\\');
        for (const e of named ?? letter + c.toString(16).toUpperCase().padStart(width, '0')) this.put(e);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = this.indention = false;
  }

  writeLiteral(chars: readonly string[]): void {
    this.writeIndicator('|', true, false, false);
    const first = chars[0];
    if (first === ' ' || isBreak(first)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    this.openEnded = 0;
    const n = chars.length;
    let chomp: string | null = null;
    if (n === 0 || !isBreak(chars[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(chars[n - 2])) {
      chomp = '+';
      this.openEnded = 2;
    }
    if (chomp !== null) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = this.whitespace = true;
    let breaks = true;
    for (const ch of chars) {
      if (isBreak(ch)) {
        this.writeBreak(ch);
        this.indention = breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = breaks = false;
      }
    }
  }
}
