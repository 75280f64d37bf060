import type { Parser } from './parser.js';
import type { YamlNode } from './node.js';
import { T, type TokenType } from './tokens.js';

/**
 * The block collection states of libyaml's parser. Each function starts on the collection's first token
 * and peeks/skips exactly as the corresponding C states do; missing entries become empty plain scalars.
 */
export function parseBlockSequence(p: Parser, node: YamlNode): YamlNode {
  const sc = p.sc;
  const startMark = sc.peek().start;
  sc.skipToken();
  for (;;) {
    let tok = sc.peek();
    if (tok.type === T.BLOCK_ENTRY) {
      const mark = tok.end;
      sc.skipToken();
      tok = sc.peek();
      const empty = tok.type === T.BLOCK_ENTRY || tok.type === T.BLOCK_END;
      node.children.push(empty ? p.emptyScalar(mark) : p.parseNode(true, false));
    } else if (tok.type === T.BLOCK_END) {
      sc.skipToken();
      return node;
    } else {
      return p.error(
        "did not find expected '-' indicator",
        tok.start,
        'while parsing a block collection',
        startMark,
      );
    }
  }
}

export function parseIndentlessSequence(p: Parser, node: YamlNode): YamlNode {
  const sc = p.sc;
  for (;;) {
    let tok = sc.peek();
    if (tok.type !== T.BLOCK_ENTRY) return node;
    const mark = tok.end;
    sc.skipToken();
    tok = sc.peek();
    node.children.push(
      isOneOf(tok.type, T.BLOCK_ENTRY, T.KEY, T.VALUE, T.BLOCK_END)
        ? p.emptyScalar(mark)
        : p.parseNode(true, false),
    );
  }
}

export function parseBlockMapping(p: Parser, node: YamlNode): YamlNode {
  const sc = p.sc;
  const startMark = sc.peek().start;
  sc.skipToken();
  for (;;) {
    let tok = sc.peek();
    if (tok.type === T.KEY) {
      const mark = tok.end;
      sc.skipToken();
      tok = sc.peek();
      node.children.push(
        isOneOf(tok.type, T.KEY, T.VALUE, T.BLOCK_END) ? p.emptyScalar(mark) : p.parseNode(true, true),
      );
    } else if (tok.type === T.BLOCK_END) {
      sc.skipToken();
      return node;
    } else {
      return p.error('did not find expected key', tok.start, 'while parsing a block mapping', startMark);
    }
    // BLOCK-MAPPING-VALUE state.
    tok = sc.peek();
    if (tok.type === T.VALUE) {
      const mark = tok.end;
      sc.skipToken();
      tok = sc.peek();
      node.children.push(
        isOneOf(tok.type, T.KEY, T.VALUE, T.BLOCK_END) ? p.emptyScalar(mark) : p.parseNode(true, true),
      );
    } else {
      node.children.push(p.emptyScalar(tok.start));
    }
  }
}

export function isOneOf(t: TokenType, a: TokenType, b: TokenType, c: TokenType, d?: TokenType): boolean {
  return t === a || t === b || t === c || t === d;
}
