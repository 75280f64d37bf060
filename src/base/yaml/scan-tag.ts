import { codeSet, hexValue, isAlpha, isBlankZ, isHex } from './scan-chars.js';
import type { ScannerState } from './scanner-state.js';
import { STYLE, T, makeToken, type Token } from './tokens.js';
import type { Mark } from './yaml-error.js';

/** `&name` / `*name`: the name must end at a blank or one of `?:,]}%@` followed by nothing else. */
export function scanAnchor(s: ScannerState, type: typeof T.ALIAS | typeof T.ANCHOR): Token {
  const start = s.mark();
  s.skip();
  const from = s.pos;
  while (isAlpha(s.ch())) s.skip();
  const name = s.src.slice(from, s.pos);
  const end = s.mark();
  const c = s.ch();
  if (name === '' || !(isBlankZ(c) || ANCHOR_END.has(c))) {
    const context = type === T.ANCHOR ? 'while scanning an anchor' : 'while scanning an alias';
    s.scannerError(context, start, 'did not find expected alphabetic or numeric character');
  }
  return makeToken(type, start, end, name);
}

const ANCHOR_END = codeSet('?:,]}%@`');

/** A TAG token: `!<verbatim>`, `!handle!suffix`, `!suffix` or the lone non-specific `!`. */
export function scanTag(s: ScannerState): Token {
  const start = s.mark();
  let handle: string;
  let suffix: string;
  if (s.ch(1) === 0x3c /* < */) {
    handle = '';
    s.skip();
    s.skip();
    suffix = scanTagUri(s, false, '', start);
    if (s.ch() !== 0x3e /* > */)
      s.scannerError('while scanning a tag', start, "did not find the expected '>'");
    s.skip();
  } else {
    handle = scanTagHandle(s, false, start);
    if (handle.length > 1 && handle.endsWith('!')) {
      suffix = scanTagUri(s, false, '', start);
    } else {
      suffix = scanTagUri(s, false, handle, start);
      handle = '!';
      if (suffix === '') {
        suffix = handle;
        handle = '';
      }
    }
  }
  if (!isBlankZ(s.ch()))
    s.scannerError('while scanning a tag', start, 'did not find expected whitespace or line break');
  return makeToken(T.TAG, start, s.mark(), handle, STYLE.PLAIN, suffix);
}

export function scanTagHandle(s: ScannerState, directive: boolean, start: Mark): string {
  if (s.ch() !== 0x21 /* ! */) tagError(s, directive, start, "did not find expected '!'");
  const from = s.pos;
  s.skip();
  while (isAlpha(s.ch())) s.skip();
  if (s.ch() === 0x21) {
    s.skip();
  } else if (directive && s.pos - from !== 1) {
    tagError(s, directive, start, "did not find expected '!'");
  }
  return s.src.slice(from, s.pos);
}

/** The URI part of a tag; `head` is a handle that turned out to be part of the suffix (without its '!'). */
export function scanTagUri(s: ScannerState, directive: boolean, head: string, start: Mark): string {
  let out = head.length > 1 ? head.slice(1) : '';
  let hasTag = head.length > 0;
  for (;;) {
    const c = s.ch();
    if (!(isAlpha(c) || URI_CHARS.has(c))) break;
    if (c === 0x25 /* % */) {
      out += scanUriEscapes(s, directive, start);
    } else {
      out += String.fromCharCode(c);
      s.skip();
    }
    hasTag = true;
  }
  if (!hasTag) tagError(s, directive, start, 'did not find expected tag URI');
  return out;
}

const URI_CHARS = codeSet(";/?:@&=+$,.!~*'()[]%");

/** `%XX` escapes forming one UTF-8 character. */
function scanUriEscapes(s: ScannerState, directive: boolean, start: Mark): string {
  const bytes: number[] = [];
  let width = 1024;
  while (width > 0) {
    if (!(s.ch() === 0x25 && isHex(s.ch(1)) && isHex(s.ch(2)))) {
      tagError(s, directive, start, 'did not find URI escaped octet');
    }
    const octet = (hexValue(s.ch(1)) << 4) + hexValue(s.ch(2));
    if (width === 1024) {
      width = utf8Width(octet);
      if (width === 0) tagError(s, directive, start, 'found an incorrect leading UTF-8 octet');
    } else if ((octet & 0xc0) !== 0x80) {
      tagError(s, directive, start, 'found an incorrect trailing UTF-8 octet');
    }
    bytes.push(octet);
    s.skip();
    s.skip();
    s.skip();
    width--;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function utf8Width(b: number): number {
  if ((b & 0x80) === 0) return 1;
  if ((b & 0xe0) === 0xc0) return 2;
  if ((b & 0xf0) === 0xe0) return 3;
  if ((b & 0xf8) === 0xf0) return 4;
  return 0;
}

function tagError(s: ScannerState, directive: boolean, start: Mark, problem: string): never {
  return s.scannerError(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', start, problem);
}
