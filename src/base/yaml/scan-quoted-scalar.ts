import { LF, hexValue, isBlank, isBlankZ, isBreak, isHex } from './scan-chars.js';
import type { ScannerState } from './scanner-state.js';
import { STYLE, T, makeToken, type Token } from './tokens.js';
import type { Mark } from './yaml-error.js';

/** Single- or double-quoted scalar with libyaml's folding of line breaks and its escape table. */
export function scanQuotedScalar(s: ScannerState, single: boolean): Token {
  const src = s.src;
  const quote = single ? 0x27 : 0x22;
  const start = s.mark();
  s.skip();
  let out = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';

  for (;;) {
    if (s.column === 0 && atDocumentIndicator(s)) {
      s.scannerError('while scanning a quoted scalar', start, 'found unexpected document indicator');
    }
    if (s.ch() === 0)
      s.scannerError('while scanning a quoted scalar', start, 'found unexpected end of stream');

    let leadingBlanks = false;
    const run = single ? SINGLE_RUN : DOUBLE_RUN;
    for (;;) {
      run.lastIndex = s.pos;
      if (run.test(src)) {
        const runEnd = run.lastIndex;
        out += src.slice(s.pos, runEnd);
        s.advanceTo(runEnd);
      }
      const c = s.ch();
      if (isBlankZ(c) || (c === quote && !(single && s.ch(1) === 0x27))) break;
      if (single) {
        // An escaped quote: ''.
        out += "'";
        s.skip();
        s.skip();
      } else if (isBreak(s.ch(1))) {
        // An escaped line break joins the lines without a space.
        s.skip();
        s.skipLine();
        leadingBlanks = true;
        break;
      } else {
        out += scanEscape(s, start);
      }
    }
    if (s.ch() === quote) break;

    let c = s.ch();
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        if (!leadingBlanks) whitespaces += String.fromCharCode(c);
        s.skip();
      } else if (!leadingBlanks) {
        whitespaces = '';
        leadingBreak = s.readLine();
        leadingBlanks = true;
      } else {
        trailingBreaks += s.readLine();
      }
      c = s.ch();
    }
    if (leadingBlanks) {
      if (leadingBreak.charCodeAt(0) === LF) {
        out += trailingBreaks === '' ? ' ' : trailingBreaks;
      } else {
        out += leadingBreak + trailingBreaks;
      }
      leadingBreak = '';
      trailingBreaks = '';
    } else {
      out += whitespaces;
      whitespaces = '';
    }
  }
  s.skip();
  return makeToken(T.SCALAR, start, s.mark(), out, single ? STYLE.SINGLE : STYLE.DOUBLE);
}

/** Characters copied as they are: everything but blanks, breaks, the quote and (double) the backslash. */
const SINGLE_RUN = /[^\0' \t\r\n\x85\u2028\u2029]+/y;
const DOUBLE_RUN = /[^\0"\\ \t\r\n\x85\u2028\u2029]+/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const CODE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** One backslash escape; the cursor is on the backslash. */
function scanEscape(s: ScannerState, start: Mark): string {
  const key = String.fromCharCode(s.ch(1));
  const simple = SIMPLE_ESCAPES[key];
  const codeLength = CODE_LENGTHS[key] ?? 0;
  if (simple === undefined && codeLength === 0) {
    s.scannerError('while parsing a quoted scalar', start, 'found unknown escape character');
  }
  s.skip();
  s.skip();
  if (simple !== undefined) return simple;
  let value = 0;
  for (let k = 0; k < codeLength; k++) {
    const c = s.ch(k);
    if (!isHex(c))
      s.scannerError('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
    value = value * 16 + hexValue(c);
  }
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
    s.scannerError('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
  }
  for (let k = 0; k < codeLength; k++) s.skip();
  return String.fromCodePoint(value);
}

function atDocumentIndicator(s: ScannerState): boolean {
  const c = s.ch();
  return (c === 0x2d || c === 0x2e) && s.ch(1) === c && s.ch(2) === c && isBlankZ(s.ch(3));
}
