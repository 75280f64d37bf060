import { TAB, codeSet, isBlank, isBlankZ, isBreak } from './scan-chars.js';
import { scanBlockScalar } from './scan-block-scalar.js';
import { scanPlainScalar } from './scan-plain-scalar.js';
import { scanQuotedScalar } from './scan-quoted-scalar.js';
import { scanAnchor, scanTag } from './scan-tag.js';
import {
  MAX_DEPTH,
  fetchBlockEntry,
  fetchDirective,
  fetchDocumentIndicator,
  fetchFlowCollectionEnd,
  fetchFlowCollectionStart,
  fetchFlowEntry,
  fetchStreamEnd,
} from './scanner-indicators.js';
import { fetchKey, fetchValue, removeSimpleKey, saveSimpleKey } from './scanner-keys.js';
import { ScannerState } from './scanner-state.js';
import { T, makeToken, type Token, type TokenType } from './tokens.js';
import type { Mark } from './yaml-error.js';

/** Characters that cannot start a plain scalar (`-?:` can when a non-space follows; checked apart). */
const INDICATORS = codeSet('-?:,[]{}#&*!|>\'"%@`');

/**
 * libyaml's scanner as vendored by go-yaml v2.4.0: the same lazy token queue, simple-key bookkeeping and
 * indentation stack, so tokens (and errors) come out in the same order and at the same moments.
 */
export class Scanner extends ScannerState {
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head] as Token;
  }

  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.head++;
    this.compactQueue();
  }

  /** Fetches until the head token can no longer become a simple key (go-yaml's simple_keys_by_tok check). */
  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined || !this.simpleKeyIsValid(idx)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  /** A possible simple key goes stale when the line ends or 1024 characters pass; required ones fail. */
  simpleKeyIsValid(idx: number): boolean {
    const key = this.simpleKeys[idx];
    if (key === undefined || !key.possible) return false;
    if (key.mark.line < this.line || key.mark.index + 1024 < this.index) {
      if (key.required)
        this.scannerError('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.mark() });
      this.simpleKeyAllowed = true;
      this.streamStartProduced = true;
      const m = this.mark();
      this.tokens.push(makeToken(T.STREAM_START, m, m));
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.column);
    const c = this.src.charCodeAt(this.pos);
    const next = this.src.charCodeAt(this.pos + 1);
    if (c === 0) {
      fetchStreamEnd(this);
    } else if (this.column === 0 && c === 0x25 /* % */) {
      fetchDirective(this);
    } else if (this.column === 0 && this.atDocumentIndicator(0x2d /* - */)) {
      fetchDocumentIndicator(this, T.DOCUMENT_START);
    } else if (this.column === 0 && this.atDocumentIndicator(0x2e /* . */)) {
      fetchDocumentIndicator(this, T.DOCUMENT_END);
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      fetchFlowCollectionStart(this, c === 0x5b ? T.FLOW_SEQUENCE_START : T.FLOW_MAPPING_START);
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      fetchFlowCollectionEnd(this, c === 0x5d ? T.FLOW_SEQUENCE_END : T.FLOW_MAPPING_END);
    } else if (c === 0x2c /* , */) {
      fetchFlowEntry(this);
    } else if (c === 0x2d /* - */ && isBlankZ(next)) {
      fetchBlockEntry(this);
    } else if (c === 0x3f /* ? */ && (this.flowLevel > 0 || isBlankZ(next))) {
      fetchKey(this);
    } else if (c === 0x3a /* : */ && (this.flowLevel > 0 || isBlankZ(next))) {
      fetchValue(this);
    } else if (c === 0x2a /* * */ || c === 0x26 /* & */) {
      this.startPossibleKey();
      this.tokens.push(scanAnchor(this, c === 0x2a ? T.ALIAS : T.ANCHOR));
    } else if (c === 0x21 /* ! */) {
      this.startPossibleKey();
      this.tokens.push(scanTag(this));
    } else if ((c === 0x7c /* | */ || c === 0x3e) /* > */ && this.flowLevel === 0) {
      removeSimpleKey(this);
      this.simpleKeyAllowed = true;
      this.tokens.push(scanBlockScalar(this, c === 0x7c));
    } else if (c === 0x27 /* ' */ || c === 0x22 /* " */) {
      this.startPossibleKey();
      this.tokens.push(scanQuotedScalar(this, c === 0x27));
    } else if (
      !(isBlankZ(c) || INDICATORS.has(c)) ||
      (c === 0x2d && !isBlank(next)) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankZ(next))
    ) {
      this.startPossibleKey();
      this.tokens.push(scanPlainScalar(this));
    } else {
      this.scannerError(
        'while scanning for the next token',
        this.mark(),
        'found character that cannot start any token',
      );
    }
  }

  /** Anchors, aliases, tags and flow scalars may start a simple key; nothing simple may follow them. */
  private startPossibleKey(): void {
    saveSimpleKey(this);
    this.simpleKeyAllowed = false;
  }

  private atDocumentIndicator(c: number): boolean {
    return this.ch() === c && this.ch(1) === c && this.ch(2) === c && isBlankZ(this.ch(3));
  }

  /** Eats blanks, comments and line breaks; tabs count as blanks only where a simple key cannot start. */
  private scanToNextToken(): void {
    const src = this.src;
    for (;;) {
      if (this.flowLevel > 0 || !this.simpleKeyAllowed) {
        let p = this.pos;
        for (let c = src.charCodeAt(p); c === 0x20 || c === TAB; c = src.charCodeAt(p)) p++;
        this.column += p - this.pos;
        this.pos = p;
      } else {
        this.skipSpaces();
      }
      if (src.charCodeAt(this.pos) === 0x23 /* # */) this.skipToBreak();
      if (!isBreak(src.charCodeAt(this.pos))) return;
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** Pushes an indentation level and inserts a BLOCK-*-START token at absolute position `number`. */
  rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_DEPTH) {
      this.scannerError('while increasing indent level', this.mark(), `exceeded max depth of ${MAX_DEPTH}`);
    }
    this.insertToken(number > -1 ? number - this.tokensParsed : -1, makeToken(type, mark, mark));
  }

  /** Pops indentation levels deeper than `column`, each closing with a BLOCK-END token. */
  unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.mark();
      this.tokens.push(makeToken(T.BLOCK_END, m, m));
      this.indent = this.indents.pop() ?? -1;
    }
  }

  /** Appends a one-character indicator token and moves past it. */
  appendSkipped(type: TokenType): void {
    const start = this.mark();
    this.skip();
    this.tokens.push(makeToken(type, start, this.mark()));
  }
}
