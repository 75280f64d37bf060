/** libyaml 0.2.5 `yaml_emitter_analyze_scalar`: which styles can represent a scalar. */

export interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
  /** The scalar's length in UTF-8 bytes, as libyaml measures simple keys. */
  readonly byteLength: number;
}

const cp = (ch: string | undefined): number => (ch === undefined ? 0 : (ch.codePointAt(0) ?? 0));

export const isBreak = (ch: string | undefined): boolean =>
  ch === '\r' || ch === '\n' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';

/** Blank, break, or the NUL after the end of the string. */
const isBlankZ = (ch: string | undefined): boolean =>
  ch === undefined || ch === ' ' || ch === '\t' || ch === '\0' || isBreak(ch);

/** libyaml's IS_PRINTABLE over UTF-8: no C0/C1 controls but LF, no surrogates, BOM, U+FFFE/F or astral. */
export function isPrintable(ch: string): boolean {
  const c = cp(ch);
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

export function utf8Length(chars: readonly string[]): number {
  return chars.reduce((n, ch) => {
    const c = cp(ch);
    return n + (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
  }, 0);
}

const FIRST_INDICATORS = new Set([
  '#',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);
const FLOW_INDICATORS = new Set([',', '?', '[', ']', '{', '}']);

export function analyzeScalar(chars: readonly string[]): ScalarAnalysis {
  const byteLength = utf8Length(chars);
  if (chars.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
      byteLength,
    };
  }
  const head = chars.slice(0, 3).join('');
  let blockIndicators = head === '---' || head === '...';
  let flowIndicators = blockIndicators;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const followedByWhitespace = isBlankZ(chars[i + 1]);
    const last = i === chars.length - 1;
    if (i === 0) {
      if (FIRST_INDICATORS.has(ch)) flowIndicators = blockIndicators = true;
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else {
      if (FLOW_INDICATORS.has(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(ch)) special = true;
    if (isBreak(ch)) lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlankZ(ch);
  }

  const noPlain = leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || lineBreaks;
  const nothing = spaceBreak || special;
  return {
    multiline: lineBreaks,
    flowPlainAllowed: !(noPlain || nothing || flowIndicators),
    blockPlainAllowed: !(noPlain || nothing || blockIndicators),
    singleQuotedAllowed: !(breakSpace || nothing),
    blockAllowed: !(trailingSpace || nothing),
    byteLength,
  };
}
