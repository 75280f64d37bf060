import { resolvePlain } from './resolve.js';
import { TAGS } from './node.js';
import { STYLE, type ScalarStyle } from './tokens.js';
import { codeSet, isBreak } from './scan-chars.js';

/** What libyaml's yaml_emitter_analyze_scalar decides about a scalar's text. */
export interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

const EMPTY: ScalarAnalysis = {
  multiline: false,
  flowPlainAllowed: false,
  blockPlainAllowed: true,
  singleQuotedAllowed: true,
  blockAllowed: false,
};

/** libyaml's is_printable in unicode mode: tab, CR, C1 controls, BOM, U+FFFE/F and astral chars are not. */
export function isPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp === 0x0a) return true;
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if (cp >= 0xe000 && cp <= 0xfffd) return cp !== 0xfeff;
  return false;
}

const FIRST_CHAR_INDICATORS = codeSet('#,[]{}&*!|>\'"%@`');

/**
 * Single-line printable ASCII that libyaml would accept as a block plain scalar: no indicator first,
 * no `---`/`...` prefix, no `: `, ` #`, or edge spaces. The regex engine answers this far faster than
 * the general loop runs before the JIT warms up.
 */
const SIMPLE_PLAIN =
  /^(?!---|\.\.\.)(?![-?:](?: |$))(?![#,[\]{}&*!|>'"%@`])[!-~](?:[!-9;-~]|:(?! |$)| +(?=[!-"$-~]))*$/;
const FLOW_INDICATOR = /[,?[\]{}:]/;
/** Printable ASCII lines (PEM blocks and the like) with no space before a break or at the end. */
const SIMPLE_BLOCK = /^[\x20-\x7e\n]*\n[\x20-\x7e\n]*$/;
const SPACE_BREAK = / \n| $/;

export function analyzeScalar(value: string): ScalarAnalysis {
  const n = value.length;
  if (n === 0) return EMPTY;
  if (SIMPLE_PLAIN.test(value)) {
    const flowPlainAllowed = !FLOW_INDICATOR.test(value);
    return {
      multiline: false,
      flowPlainAllowed,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: true,
    };
  }
  if (SIMPLE_BLOCK.test(value) && !SPACE_BREAK.test(value)) {
    const breakSpace = /\n /.test(value);
    return {
      multiline: true,
      flowPlainAllowed: false,
      blockPlainAllowed: false,
      singleQuotedAllowed: !breakSpace,
      blockAllowed: true,
    };
  }
  return analyzeSlowly(value);
}

function analyzeSlowly(value: string): ScalarAnalysis {
  const n = value.length;
  let blockIndicators = false;
  let flowIndicators = false;
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
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  for (let i = 0; i < n;) {
    const c = value.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? (value.codePointAt(i) ?? c) : c;
    const w = cp > 0xffff ? 2 : 1;
    const next = i + w < n ? value.charCodeAt(i + w) : 0;
    const followedByWhitespace = i + w >= n || next === 0x20 || next === 0x09;
    if (i === 0) {
      if (FIRST_CHAR_INDICATORS.has(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === 0x3f || c === 0x3a) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === 0x2d && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (c === 0x2c || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      flowIndicators = true;
    } else if (c === 0x3a) {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === 0x23 && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(cp)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i + w === n) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i + w === n) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
    i += w;
  }
  const edgeBlank = leadingSpace || leadingBreak || trailingSpace || trailingBreak;
  const plainAllowed = !(edgeBlank || breakSpace || spaceBreak || special || lineBreaks);
  return {
    multiline: lineBreaks,
    flowPlainAllowed: plainAllowed && !flowIndicators,
    blockPlainAllowed: plainAllowed && !blockIndicators,
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

/** yaml_emitter_select_scalar_style for untagged, implicit scalars (all yaml.v2 Marshal produces). */
export function selectScalarStyle(
  requested: ScalarStyle,
  value: string,
  a: ScalarAnalysis,
  flowLevel: number,
  simpleKey: boolean,
): ScalarStyle {
  let style = requested;
  if (simpleKey && a.multiline) style = STYLE.DOUBLE;
  if (style === STYLE.PLAIN) {
    if ((flowLevel > 0 && !a.flowPlainAllowed) || (flowLevel === 0 && !a.blockPlainAllowed))
      style = STYLE.SINGLE;
    if (value === '' && (flowLevel > 0 || simpleKey)) style = STYLE.SINGLE;
  }
  if (style === STYLE.SINGLE && !a.singleQuotedAllowed) style = STYLE.DOUBLE;
  if (
    (style === STYLE.LITERAL || style === STYLE.FOLDED) &&
    (!a.blockAllowed || flowLevel > 0 || simpleKey)
  ) {
    style = STYLE.DOUBLE;
  }
  return style;
}

/** yaml.v2's stringv: literal for multi-line text, plain unless it would read back as another type. */
export function requestedStringStyle(s: string): ScalarStyle {
  if (s.includes('\n')) return STYLE.LITERAL;
  const canUsePlain = resolvePlain(s).tag === TAGS.STR && !isBase60Float(s);
  return canUsePlain ? STYLE.PLAIN : STYLE.DOUBLE;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Base-60 numbers are not resolved on input, but yaml.v2 still quotes them for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s.charCodeAt(0);
  if (!(c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39)) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}
