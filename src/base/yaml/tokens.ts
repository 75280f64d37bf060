import type { Mark } from './yaml-error.js';

/** libyaml's token types; numbers keep the scanner's hot comparisons cheap. */
export const T = {
  STREAM_START: 1,
  STREAM_END: 2,
  VERSION_DIRECTIVE: 3,
  TAG_DIRECTIVE: 4,
  DOCUMENT_START: 5,
  DOCUMENT_END: 6,
  BLOCK_SEQUENCE_START: 7,
  BLOCK_MAPPING_START: 8,
  BLOCK_END: 9,
  FLOW_SEQUENCE_START: 10,
  FLOW_SEQUENCE_END: 11,
  FLOW_MAPPING_START: 12,
  FLOW_MAPPING_END: 13,
  BLOCK_ENTRY: 14,
  FLOW_ENTRY: 15,
  KEY: 16,
  VALUE: 17,
  ALIAS: 18,
  ANCHOR: 19,
  TAG: 20,
  SCALAR: 21,
} as const;
export type TokenType = (typeof T)[keyof typeof T];

export const STYLE = { PLAIN: 1, SINGLE: 2, DOUBLE: 3, LITERAL: 4, FOLDED: 5 } as const;
export type ScalarStyle = (typeof STYLE)[keyof typeof STYLE];

export interface Token {
  readonly type: TokenType;
  readonly start: Mark;
  readonly end: Mark;
  /** Scalar text, anchor/alias name, tag handle or %TAG handle. */
  readonly value: string;
  /** Tag suffix or %TAG prefix. */
  readonly suffix: string;
  readonly style: ScalarStyle;
  /** %YAML version. */
  readonly major: number;
  readonly minor: number;
}

export function makeToken(
  type: TokenType,
  start: Mark,
  end: Mark,
  value = '',
  style: ScalarStyle = STYLE.PLAIN,
  suffix = '',
): Token {
  return { type, start, end, value, suffix, style, major: 0, minor: 0 };
}
