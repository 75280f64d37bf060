/**
 * The state libyaml's emitter keeps while writing: column (in code points), whether the last thing
 * written was whitespace / indentation, the indentation stack and the flow level. Output accumulates
 * in one string (V8 ropes make appends cheap); writers append whole runs, never single characters in bulk.
 */
export const BEST_INDENT = 2;
export const BEST_WIDTH = 80;

export class EmitterCore {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  readonly indents: number[] = [];
  flowLevel = 0;
  mappingContext = false;
  simpleKeyContext = false;

  /** Appends text known to contain no line breaks and `width` code points. */
  write(text: string, width: number): void {
    this.out += text;
    this.column += width;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** write_break: a LF goes out as the configured break; other breaks (NEL, LS, PS) are copied. */
  writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.out += String.fromCharCode(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.write(' ', 1);
    this.write(indicator, indicator.length);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) {
      this.indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      this.indent += BEST_INDENT;
    }
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }
}
