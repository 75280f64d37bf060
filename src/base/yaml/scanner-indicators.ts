import { scanDirective } from './scan-directive.js';
import type { Scanner } from './scanner.js';
import { removeSimpleKey, saveSimpleKey } from './scanner-keys.js';
import { T, makeToken, type TokenType } from './tokens.js';

/** libyaml caps flow nesting (and indentation depth) at 10000 levels. */
export const MAX_DEPTH = 10000;

/**
 * The fetchers for structural tokens: stream end, directives, document markers, flow brackets and
 * block entries. Each resets or saves the possible simple key exactly where libyaml does.
 */
export function fetchStreamEnd(s: Scanner): void {
  // Force a new line so that the end of input sits at column 0.
  if (s.column !== 0) {
    s.column = 0;
    s.line++;
  }
  s.unrollIndent(-1);
  removeSimpleKey(s);
  s.simpleKeyAllowed = false;
  const m = s.mark();
  s.tokens.push(makeToken(T.STREAM_END, m, m));
}

export function fetchDirective(s: Scanner): void {
  s.unrollIndent(-1);
  removeSimpleKey(s);
  s.simpleKeyAllowed = false;
  s.tokens.push(scanDirective(s));
}

export function fetchDocumentIndicator(s: Scanner, type: TokenType): void {
  s.unrollIndent(-1);
  removeSimpleKey(s);
  s.simpleKeyAllowed = false;
  const start = s.mark();
  s.skip();
  s.skip();
  s.skip();
  s.tokens.push(makeToken(type, start, s.mark()));
}

export function fetchFlowCollectionStart(s: Scanner, type: TokenType): void {
  saveSimpleKey(s);
  const mark = s.mark();
  const tokenNumber = s.tokensParsed + s.tokens.length - s.head;
  s.simpleKeys.push({ possible: false, required: false, tokenNumber, mark });
  s.flowLevel++;
  if (s.flowLevel > MAX_DEPTH)
    s.scannerError('while increasing flow level', mark, `exceeded max depth of ${MAX_DEPTH}`);
  s.simpleKeyAllowed = true;
  s.appendSkipped(type);
}

export function fetchFlowCollectionEnd(s: Scanner, type: TokenType): void {
  removeSimpleKey(s);
  if (s.flowLevel > 0) {
    s.flowLevel--;
    const last = s.simpleKeys.pop();
    if (last !== undefined) s.simpleKeysByTok.delete(last.tokenNumber);
  }
  s.simpleKeyAllowed = false;
  s.appendSkipped(type);
}

export function fetchFlowEntry(s: Scanner): void {
  removeSimpleKey(s);
  s.simpleKeyAllowed = true;
  s.appendSkipped(T.FLOW_ENTRY);
}

export function fetchBlockEntry(s: Scanner): void {
  if (s.flowLevel === 0) {
    if (!s.simpleKeyAllowed)
      s.scannerError('', s.mark(), 'block sequence entries are not allowed in this context');
    s.rollIndent(s.column, -1, T.BLOCK_SEQUENCE_START, s.mark());
  }
  // In flow context a '-' is an error the parser reports, with better context.
  removeSimpleKey(s);
  s.simpleKeyAllowed = true;
  s.appendSkipped(T.BLOCK_ENTRY);
}
