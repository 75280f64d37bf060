import { isAlpha, isBlank, isBlankZ, isBreak, isBreakZ, isDigit } from './scan-chars.js';
import { scanTagHandle, scanTagUri } from './scan-tag.js';
import type { ScannerState } from './scanner-state.js';
import { STYLE, T, makeToken, type Token } from './tokens.js';
import type { Mark } from './yaml-error.js';

/** `%YAML 1.1` or `%TAG !h! prefix`, up to and including the line break. */
export function scanDirective(s: ScannerState): Token {
  const start = s.mark();
  s.skip();
  const from = s.pos;
  while (isAlpha(s.ch())) s.skip();
  const name = s.src.slice(from, s.pos);
  if (name === '')
    s.scannerError('while scanning a directive', start, 'could not find expected directive name');
  if (!isBlankZ(s.ch())) {
    s.scannerError('while scanning a directive', start, 'found unexpected non-alphabetical character');
  }
  let token: Token;
  if (name === 'YAML') {
    skipBlanks(s);
    const major = scanVersionNumber(s, start);
    if (s.ch() !== 0x2e) {
      s.scannerError(
        'while scanning a %YAML directive',
        start,
        "did not find expected digit or '.' character",
      );
    }
    s.skip();
    const minor = scanVersionNumber(s, start);
    token = { ...makeToken(T.VERSION_DIRECTIVE, start, s.mark()), major, minor };
  } else if (name === 'TAG') {
    skipBlanks(s);
    const handle = scanTagHandle(s, true, start);
    if (!isBlank(s.ch()))
      s.scannerError('while scanning a %TAG directive', start, 'did not find expected whitespace');
    skipBlanks(s);
    const prefix = scanTagUri(s, true, '', start);
    if (!isBlankZ(s.ch())) {
      s.scannerError(
        'while scanning a %TAG directive',
        start,
        'did not find expected whitespace or line break',
      );
    }
    token = makeToken(T.TAG_DIRECTIVE, start, s.mark(), handle, STYLE.PLAIN, prefix);
  } else {
    return s.scannerError('while scanning a directive', start, 'found unknown directive name');
  }
  skipBlanks(s);
  if (s.ch() === 0x23 /* # */) {
    while (!isBreakZ(s.ch())) s.skip();
  }
  if (!isBreakZ(s.ch())) {
    s.scannerError('while scanning a directive', start, 'did not find expected comment or line break');
  }
  if (isBreak(s.ch())) s.skipLine();
  return token;
}

function skipBlanks(s: ScannerState): void {
  while (isBlank(s.ch())) s.skip();
}

function scanVersionNumber(s: ScannerState, start: Mark): number {
  let value = 0;
  let length = 0;
  while (isDigit(s.ch())) {
    length++;
    if (length > 2)
      s.scannerError('while scanning a %YAML directive', start, 'found extremely long version number');
    value = value * 10 + (s.ch() - 0x30);
    s.skip();
  }
  if (length === 0)
    s.scannerError('while scanning a %YAML directive', start, 'did not find expected version number');
  return value;
}
