/**
 * libyaml's character classes over UTF-16 code units. The scanner reads `0` at the end of input (libyaml's
 * NUL terminator); real NULs are rejected up front because the reader forbids control characters.
 * Every break character (CR, LF, NEL, LS, PS) is a single code unit, which keeps these checks cheap.
 */
export const CR = 0x0d;
export const LF = 0x0a;
export const SPACE = 0x20;
export const TAB = 0x09;
export const NEL = 0x85;
export const LS = 0x2028;
export const PS = 0x2029;

/** The code units of `chars` (ASCII indicator lists). */
export function codeSet(chars: string): ReadonlySet<number> {
  const set = new Set<number>();
  for (let i = 0; i < chars.length; i++) set.add(chars.charCodeAt(i));
  return set;
}

export function isBreak(c: number): boolean {
  return c === LF || c === CR || c === NEL || c === LS || c === PS;
}

export function isBreakZ(c: number): boolean {
  return c === 0 || isBreak(c);
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Blank, break or end of input. */
export function isBlankZ(c: number): boolean {
  return c === SPACE || c === TAB || c === 0 || isBreak(c);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** libyaml's is_alpha: the characters allowed in anchors, tag handles and directive names. */
export function isAlpha(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2d
  );
}

export function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export function hexValue(c: number): number {
  if (c >= 0x61) return c - 0x61 + 10;
  if (c >= 0x41) return c - 0x41 + 10;
  return c - 0x30;
}

/** A low surrogate is the second half of a code point; it does not advance libyaml's column. */
export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The reader's allowed set: #x9 | #xA | #xD | [#x20-#x7E] | #x85 | [#xA0-#xD7FF] | [#xE000-#xFFFD] | astral
 * (a well-formed surrogate pair). Returns the offset of the first other character, or -1.
 */
export function findForbiddenChar(text: string): number {
  return text.search(FORBIDDEN);
}
const FORBIDDEN =
  /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
