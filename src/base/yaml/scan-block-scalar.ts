import { LF, SPACE, TAB, isBlank, isBreak, isBreakZ, isDigit } from './scan-chars.js';
import type { ScannerState } from './scanner-state.js';
import { STYLE, T, makeToken, type Token } from './tokens.js';
import type { Mark } from './yaml-error.js';

/** A literal (`|`) or folded (`>`) block scalar with its chomping and indentation indicators. */
export function scanBlockScalar(s: ScannerState, literal: boolean): Token {
  const start = s.mark();
  s.skip();
  let chomping = 0;
  let increment = 0;
  const c = s.ch();
  if (c === 0x2b || c === 0x2d) {
    chomping = c === 0x2b ? 1 : -1;
    s.skip();
    if (isDigit(s.ch())) increment = readIndicator(s, start);
  } else if (isDigit(c)) {
    increment = readIndicator(s, start);
    const d = s.ch();
    if (d === 0x2b || d === 0x2d) {
      chomping = d === 0x2b ? 1 : -1;
      s.skip();
    }
  }
  while (isBlank(s.ch())) s.skip();
  if (s.ch() === 0x23 /* # */) s.skipToBreak();
  if (!isBreakZ(s.ch())) {
    s.scannerError('while scanning a block scalar', start, 'did not find expected comment or line break');
  }
  if (isBreak(s.ch())) s.skipLine();
  let end = s.mark();

  const state = { indent: 0, breaks: '' };
  if (increment > 0) state.indent = s.indent >= 0 ? s.indent + increment : increment;
  end = scanBreaks(s, state, start) ?? end;

  let out = '';
  let leadingBreak = '';
  let leadingBlank = false;
  while (s.column === state.indent && s.ch() !== 0) {
    const trailingBlank = isBlank(s.ch());
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.charCodeAt(0) === LF) {
      if (state.breaks === '') out += ' ';
    } else {
      out += leadingBreak;
    }
    leadingBreak = '';
    out += state.breaks;
    state.breaks = '';
    leadingBlank = isBlank(s.ch());
    const from = s.pos;
    s.skipToBreak();
    out += s.src.slice(from, s.pos);
    leadingBreak = s.readLine();
    end = scanBreaks(s, state, start) ?? end;
  }
  if (chomping !== -1) out += leadingBreak;
  if (chomping === 1) out += state.breaks;
  return makeToken(T.SCALAR, start, end, out, literal ? STYLE.LITERAL : STYLE.FOLDED);
}

function readIndicator(s: ScannerState, start: Mark): number {
  if (s.ch() === 0x30) {
    s.scannerError('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
  }
  const value = s.ch() - 0x30;
  s.skip();
  return value;
}

/**
 * Eats indentation and empty lines, collecting the breaks; with no explicit indicator the first non-empty
 * line sets the indentation (at least one deeper than the enclosing block). Returns the new end mark.
 */
function scanBreaks(
  s: ScannerState,
  state: { indent: number; breaks: string },
  start: Mark,
): Mark | undefined {
  let end: Mark | undefined;
  let maxIndent = 0;
  for (;;) {
    const src = s.src;
    let p = s.pos;
    const stop = state.indent === 0 ? Infinity : state.indent - s.column + p;
    while (p < stop && src.charCodeAt(p) === SPACE) p++;
    s.column += p - s.pos;
    s.pos = p;
    if (s.column > maxIndent) maxIndent = s.column;
    if ((state.indent === 0 || s.column < state.indent) && s.ch() === TAB) {
      s.scannerError(
        'while scanning a block scalar',
        start,
        'found a tab character where an indentation space is expected',
      );
    }
    if (!isBreak(s.ch())) break;
    state.breaks += s.readLine();
    end = s.mark();
  }
  if (state.indent === 0) state.indent = Math.max(maxIndent, s.indent + 1, 1);
  return end;
}
