import { BEST_INDENT, BEST_WIDTH, type EmitterCore } from './emitter-core.js';
import { isBreak, isLowSurrogate } from './scan-chars.js';

/**
 * libyaml's plain, single-quoted and literal scalar writers. Folding happens at a single space once the
 * column has passed 80 (never at a run of spaces); continuation lines get the current indentation.
 * Characters between decisions are appended as slices, and the column counts code points.
 */
export function writePlain(e: EmitterCore, value: string, allowBreaks: boolean): void {
  if (!e.whitespace) e.write(' ', 1);
  // A plain scalar has no breaks; it can only fold at a space reached past column 80.
  if (!allowBreaks || e.column + value.length <= BEST_WIDTH + 1 || !value.includes(' ')) {
    e.write(value, codePointLength(value));
  } else {
    writeFlowText(e, value, allowBreaks, false);
  }
  e.whitespace = false;
  e.indention = false;
}

export function writeSingleQuoted(e: EmitterCore, value: string, allowBreaks: boolean): void {
  e.writeIndicator("'", true, false, false);
  writeFlowText(e, value, allowBreaks, true);
  e.writeIndicator("'", false, false, false);
  e.whitespace = false;
  e.indention = false;
}

/** The shared loop of write_plain_scalar and write_single_quoted_scalar. */
function writeFlowText(e: EmitterCore, value: string, allowBreaks: boolean, quoted: boolean): void {
  const n = value.length;
  let spaces = false;
  let breaks = false;
  let run = 0;
  for (let i = 0; i < n;) {
    const c = value.charCodeAt(i);
    if (c === 0x20) {
      const canFold = quoted ? i > 0 && i < n - 1 : true;
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && canFold && value.charCodeAt(i + 1) !== 0x20) {
        e.out += value.slice(run, i);
        e.writeIndent();
        i++;
        run = i;
      } else {
        i++;
        e.column++;
      }
      spaces = true;
    } else if (isBreak(c)) {
      e.out += value.slice(run, i);
      if (!breaks && c === 0x0a) e.putBreak();
      e.writeBreak(c);
      e.indention = true;
      breaks = true;
      i++;
      run = i;
    } else {
      if (breaks) {
        e.out += value.slice(run, i);
        e.writeIndent();
        run = i;
      }
      if (quoted && c === 0x27) {
        e.out += value.slice(run, i + 1);
        run = i;
        e.column++;
      }
      i++;
      if (!isLowSurrogate(c)) e.column++;
      e.indention = false;
      spaces = false;
      breaks = false;
    }
  }
  e.out += value.slice(run, n);
}

export function writeLiteral(e: EmitterCore, value: string): void {
  e.writeIndicator('|', true, false, false);
  writeBlockScalarHints(e, value);
  e.putBreak();
  e.indention = true;
  e.whitespace = true;
  if (!OTHER_BREAKS.test(value)) {
    writeLiteralLines(e, value);
    return;
  }
  let breaks = true;
  let run = 0;
  const n = value.length;
  for (let i = 0; i < n;) {
    const c = value.charCodeAt(i);
    if (isBreak(c)) {
      e.out += value.slice(run, i);
      e.writeBreak(c);
      e.indention = true;
      breaks = true;
      i++;
      run = i;
    } else {
      if (breaks) {
        e.out += value.slice(run, i);
        e.writeIndent();
        run = i;
      }
      i++;
      if (!isLowSurrogate(c)) e.column++;
      e.indention = false;
      breaks = false;
    }
  }
  e.out += value.slice(run, n);
}

const OTHER_BREAKS = /[\r\x85\u2028\u2029]/;
const LINE_START = /^(?!$)/gm;

/**
 * The literal loop for text whose only breaks are LF: every non-empty line gets the indentation, empty
 * lines stay empty — done by one native replace. Ends in the state the character loop would leave.
 */
function writeLiteralLines(e: EmitterCore, value: string): void {
  const indent = e.indent < 0 ? 0 : e.indent;
  e.out += value.replace(LINE_START, ' '.repeat(indent));
  const lastBreak = value.lastIndexOf('\n');
  if (lastBreak === value.length - 1) {
    e.column = 0;
    e.indention = true;
  } else {
    e.column = indent + codePointLength(value.slice(lastBreak + 1));
    e.indention = false;
  }
}

export function codePointLength(s: string): number {
  let n = s.length;
  if (!SURROGATE.test(s)) return n;
  for (let i = 0; i < s.length; i++) if (isLowSurrogate(s.charCodeAt(i))) n--;
  return n;
}
const SURROGATE = /[\ud800-\udfff]/;

/** Indentation indicator when the text starts with a space or break; `-` / `+` chomping from its end. */
function writeBlockScalarHints(e: EmitterCore, value: string): void {
  const first = value.charCodeAt(0);
  if (first === 0x20 || isBreak(first)) e.writeIndicator(String(BEST_INDENT), false, false, false);
  let chomp = '';
  const n = value.length;
  if (n === 0 || !isBreak(value.charCodeAt(n - 1))) {
    chomp = '-';
  } else if (n === 1) {
    chomp = '+';
  } else if (isBreak(value.charCodeAt(n - 2))) {
    chomp = '+';
  }
  if (chomp !== '') e.writeIndicator(chomp, false, false, false);
}
