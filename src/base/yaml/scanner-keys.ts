import type { Scanner } from './scanner.js';
import type { ScannerState } from './scanner-state.js';
import { T, makeToken } from './tokens.js';

/**
 * Simple-key bookkeeping (libyaml's save/remove_simple_key and the KEY/VALUE fetchers). A plain or quoted
 * scalar, anchor, tag or flow collection may turn out to be a mapping key once a ':' follows on the same
 * line; the KEY token is then inserted before it. go-yaml v2.4.0 indexes possible keys by token number
 * and never deletes entries that went stale, and we keep that exactly: it decides when errors surface.
 */
export function saveSimpleKey(s: ScannerState): void {
  const required = s.flowLevel === 0 && s.indent === s.column;
  if (!s.simpleKeyAllowed) return;
  const key = {
    possible: true,
    required,
    tokenNumber: s.tokensParsed + (s.tokens.length - s.head),
    mark: s.mark(),
  };
  removeSimpleKey(s);
  const idx = s.simpleKeys.length - 1;
  s.simpleKeys[idx] = key;
  s.simpleKeysByTok.set(key.tokenNumber, idx);
}

export function removeSimpleKey(s: ScannerState): void {
  const key = s.simpleKeys[s.simpleKeys.length - 1];
  if (key?.possible !== true) return;
  if (key.required) s.scannerError('while scanning a simple key', key.mark, "could not find expected ':'");
  key.possible = false;
  s.simpleKeysByTok.delete(key.tokenNumber);
}

export function fetchKey(s: Scanner): void {
  if (s.flowLevel === 0) {
    if (!s.simpleKeyAllowed) s.scannerError('', s.mark(), 'mapping keys are not allowed in this context');
    s.rollIndent(s.column, -1, T.BLOCK_MAPPING_START, s.mark());
  }
  removeSimpleKey(s);
  s.simpleKeyAllowed = s.flowLevel === 0;
  s.appendSkipped(T.KEY);
}

export function fetchValue(s: Scanner): void {
  const idx = s.simpleKeys.length - 1;
  const key = s.simpleKeys[idx];
  if (key !== undefined && s.simpleKeyIsValid(idx)) {
    s.insertToken(key.tokenNumber - s.tokensParsed, makeToken(T.KEY, key.mark, key.mark));
    s.rollIndent(key.mark.column, key.tokenNumber, T.BLOCK_MAPPING_START, key.mark);
    key.possible = false;
    s.simpleKeysByTok.delete(key.tokenNumber);
    s.simpleKeyAllowed = false;
  } else {
    if (s.flowLevel === 0) {
      if (!s.simpleKeyAllowed) s.scannerError('', s.mark(), 'mapping values are not allowed in this context');
      s.rollIndent(s.column, -1, T.BLOCK_MAPPING_START, s.mark());
    }
    s.simpleKeyAllowed = s.flowLevel === 0;
  }
  s.appendSkipped(T.VALUE);
}
