import { YamlNode } from './node.js';
import type { Parser } from './parser.js';
import { isOneOf } from './parser-block.js';
import { T } from './tokens.js';

/**
 * The flow collection states of libyaml's parser (`[...]`, `{...}` and the one-pair mappings `[a: b]`),
 * peeking and skipping tokens exactly as the C states do.
 */
export function parseFlowSequence(p: Parser, node: YamlNode): YamlNode {
  const sc = p.sc;
  const startMark = sc.peek().start;
  sc.skipToken();
  for (let first = true; ; first = false) {
    let tok = sc.peek();
    if (tok.type !== T.FLOW_SEQUENCE_END) {
      if (!first) {
        if (tok.type !== T.FLOW_ENTRY) {
          return p.error(
            "did not find expected ',' or ']'",
            tok.start,
            'while parsing a flow sequence',
            startMark,
          );
        }
        sc.skipToken();
        tok = sc.peek();
      }
      if (tok.type === T.KEY) {
        node.children.push(parseSinglePairMapping(p));
        continue;
      }
      if (tok.type !== T.FLOW_SEQUENCE_END) {
        node.children.push(p.parseNode(false, false));
        continue;
      }
    }
    sc.skipToken();
    return node;
  }
}

/** `[a: b]`: a KEY inside a flow sequence starts a one-pair mapping. */
function parseSinglePairMapping(p: Parser): YamlNode {
  const sc = p.sc;
  const keyToken = sc.peek();
  const map = new YamlNode('map', keyToken.start.line);
  sc.skipToken();
  let tok = sc.peek();
  if (!isOneOf(tok.type, T.VALUE, T.FLOW_ENTRY, T.FLOW_SEQUENCE_END)) {
    map.children.push(p.parseNode(false, false));
  } else {
    // go-yaml (like libyaml) consumes this token here.
    const mark = tok.end;
    sc.skipToken();
    map.children.push(p.emptyScalar(mark));
  }
  tok = sc.peek();
  const valueToken = tok;
  if (tok.type === T.VALUE) {
    sc.skipToken();
    tok = sc.peek();
    if (tok.type !== T.FLOW_ENTRY && tok.type !== T.FLOW_SEQUENCE_END) {
      map.children.push(p.parseNode(false, false));
      sc.peek();
      return map;
    }
  }
  map.children.push(p.emptyScalar(valueToken.start));
  sc.peek();
  return map;
}

export function parseFlowMapping(p: Parser, node: YamlNode): YamlNode {
  const sc = p.sc;
  const startMark = sc.peek().start;
  sc.skipToken();
  for (let first = true; ; first = false) {
    let tok = sc.peek();
    if (tok.type !== T.FLOW_MAPPING_END) {
      if (!first) {
        if (tok.type !== T.FLOW_ENTRY) {
          return p.error(
            "did not find expected ',' or '}'",
            tok.start,
            'while parsing a flow mapping',
            startMark,
          );
        }
        sc.skipToken();
        tok = sc.peek();
      }
      if (tok.type === T.KEY) {
        sc.skipToken();
        tok = sc.peek();
        const empty = isOneOf(tok.type, T.VALUE, T.FLOW_ENTRY, T.FLOW_MAPPING_END);
        node.children.push(empty ? p.emptyScalar(tok.start) : p.parseNode(false, false));
        parseFlowMappingValue(p, node);
        continue;
      }
      if (tok.type !== T.FLOW_MAPPING_END) {
        node.children.push(p.parseNode(false, false));
        node.children.push(p.emptyScalar(sc.peek().start));
        continue;
      }
    }
    sc.skipToken();
    return node;
  }
}

function parseFlowMappingValue(p: Parser, node: YamlNode): void {
  const sc = p.sc;
  let tok = sc.peek();
  if (tok.type === T.VALUE) {
    sc.skipToken();
    tok = sc.peek();
    if (tok.type !== T.FLOW_ENTRY && tok.type !== T.FLOW_MAPPING_END) {
      node.children.push(p.parseNode(false, false));
      return;
    }
  }
  node.children.push(p.emptyScalar(tok.start));
}
