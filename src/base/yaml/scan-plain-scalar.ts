import { LF, TAB, isBlank, isBlankZ, isBreak } from './scan-chars.js';
import type { ScannerState } from './scanner-state.js';
import { STYLE, T, makeToken, type Token } from './tokens.js';

/**
 * A plain scalar, possibly spanning lines. Line folding follows libyaml: one break becomes a space, further
 * breaks are kept; in block context a continuation line must be indented deeper than the current block.
 * Non-blank runs are sliced from the source instead of copied character by character.
 */
export function scanPlainScalar(s: ScannerState): Token {
  const src = s.src;
  const flow = s.flowLevel > 0;
  const indent = s.indent + 1;
  const start = s.mark();
  let end = start;
  let out = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  let leadingBlanks = false;

  for (;;) {
    if (s.column === 0 && atDocumentIndicator(s)) break;
    if (s.ch() === 0x23 /* # */) break;

    const run = flow ? FLOW_RUN : BLOCK_RUN;
    run.lastIndex = s.pos;
    if (run.test(src)) {
      const runEnd = run.lastIndex;
      if (leadingBlanks) {
        if (leadingBreak.charCodeAt(0) === LF) {
          out += trailingBreaks === '' ? ' ' : trailingBreaks;
        } else {
          out += leadingBreak + trailingBreaks;
        }
        leadingBreak = '';
        trailingBreaks = '';
        leadingBlanks = false;
      } else if (whitespaces !== '') {
        out += whitespaces;
        whitespaces = '';
      }
      out += src.slice(s.pos, runEnd);
      s.advanceTo(runEnd);
      end = s.mark();
    }

    let c = s.ch();
    if (!(isBlank(c) || isBreak(c))) break;
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        if (leadingBlanks && s.column < indent && c === TAB) {
          s.scannerError(
            'while scanning a plain scalar',
            start,
            'found a tab character that violates indentation',
          );
        }
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
    if (!flow && s.column < indent) break;
  }

  if (leadingBlanks) s.simpleKeyAllowed = true;
  return makeToken(T.SCALAR, start, end, out, STYLE.PLAIN);
}

/**
 * A run of scalar characters: anything but blanks and breaks, and ':' only when no blank (or the end)
 * follows; in flow context the flow indicators end the run too. Sticky regexes do the per-character
 * work natively.
 */
const BLOCK_RUN = /(?:[^\0 \t\r\n\x85\u2028\u2029:]|:(?![\0 \t\r\n\x85\u2028\u2029]))+/y;
const FLOW_RUN = /(?:[^\0 \t\r\n\x85\u2028\u2029:,?[\]{}]|:(?![\0 \t\r\n\x85\u2028\u2029]))+/y;

function atDocumentIndicator(s: ScannerState): boolean {
  const c = s.ch();
  return (c === 0x2d || c === 0x2e) && s.ch(1) === c && s.ch(2) === c && isBlankZ(s.ch(3));
}
