import { YamlNode } from './node.js';
import { parseBlockMapping, parseBlockSequence, parseIndentlessSequence } from './parser-block.js';
import { parseFlowMapping, parseFlowSequence } from './parser-flow.js';
import { Scanner } from './scanner.js';
import { STYLE, T, type Token } from './tokens.js';
import { YamlProblem, goYamlFail, type Mark } from './yaml-error.js';

const DEFAULT_TAG_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

/**
 * libyaml's event parser rewritten as recursive descent that builds go-yaml's node tree directly. Every
 * state peeks and skips tokens in the same order as the C state machine, so the lazy scanner reports the
 * same error first. Only the first document is read, as yaml.Unmarshal does.
 */
export class Parser {
  readonly sc: Scanner;
  private readonly tagDirectives = new Map<string, string>();
  private readonly anchors = new Map<string, YamlNode>();

  constructor(text: string) {
    this.sc = new Scanner(text);
  }

  /** The root node of the first document, or undefined for an empty stream. */
  parseFirstDocument(): YamlNode | undefined {
    this.sc.peek();
    this.sc.skipToken();
    let tok = this.sc.peek();
    let root: YamlNode;
    if (!isDocumentBoundary(tok) || tok.type === T.DOCUMENT_END) {
      this.processDirectives();
      root = this.parseNode(true, false);
    } else if (tok.type !== T.STREAM_END) {
      this.processDirectives();
      tok = this.sc.peek();
      if (tok.type !== T.DOCUMENT_START) this.error('did not find expected <document start>', tok.start);
      this.sc.skipToken();
      tok = this.sc.peek();
      root = isDocumentBoundary(tok) ? this.emptyScalar(tok.start) : this.parseNode(true, false);
    } else {
      return undefined;
    }
    if (this.sc.peek().type === T.DOCUMENT_END) this.sc.skipToken();
    return root;
  }

  private processDirectives(): void {
    let tok = this.sc.peek();
    let sawVersion = false;
    while (tok.type === T.VERSION_DIRECTIVE || tok.type === T.TAG_DIRECTIVE) {
      if (tok.type === T.VERSION_DIRECTIVE) {
        if (sawVersion) this.error('found duplicate %YAML directive', tok.start);
        if (tok.major !== 1 || tok.minor !== 1) this.error('found incompatible YAML document', tok.start);
        sawVersion = true;
      } else {
        if (this.tagDirectives.has(tok.value)) this.error('found duplicate %TAG directive', tok.start);
        this.tagDirectives.set(tok.value, tok.suffix);
      }
      this.sc.skipToken();
      tok = this.sc.peek();
    }
    for (const [handle, prefix] of DEFAULT_TAG_DIRECTIVES) {
      if (!this.tagDirectives.has(handle)) this.tagDirectives.set(handle, prefix);
    }
  }

  /** yaml_parser_parse_node: properties, then an alias, scalar, collection or empty scalar. */
  parseNode(block: boolean, indentless: boolean): YamlNode {
    let tok = this.sc.peek();
    if (tok.type === T.ALIAS) {
      const node = new YamlNode('alias', tok.start.line);
      node.value = tok.value;
      node.alias = this.anchors.get(tok.value);
      if (node.alias === undefined) throw goYamlFail(`unknown anchor '${tok.value}' referenced`);
      this.sc.skipToken();
      return node;
    }
    const start = tok.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (tok.type === T.ANCHOR) {
      anchor = tok.value;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type === T.TAG) {
        tagToken = tok;
        this.sc.skipToken();
        tok = this.sc.peek();
      }
    } else if (tok.type === T.TAG) {
      tagToken = tok;
      this.sc.skipToken();
      tok = this.sc.peek();
      if (tok.type === T.ANCHOR) {
        anchor = tok.value;
        this.sc.skipToken();
        tok = this.sc.peek();
      }
    }
    const tag = tagToken === undefined ? '' : this.resolveTag(tagToken, start);
    const line = start.line;

    if (indentless && tok.type === T.BLOCK_ENTRY) {
      return parseIndentlessSequence(this, this.newNode('seq', line, tag, anchor));
    }
    if (tok.type === T.SCALAR) {
      const node = this.newNode('scalar', line, tag, anchor);
      node.value = tok.value;
      node.style = tok.style;
      node.implicit = (tag === '' && tok.style === STYLE.PLAIN) || tag === '!';
      this.sc.skipToken();
      return node;
    }
    if (tok.type === T.FLOW_SEQUENCE_START)
      return parseFlowSequence(this, this.newNode('seq', line, tag, anchor));
    if (tok.type === T.FLOW_MAPPING_START)
      return parseFlowMapping(this, this.newNode('map', line, tag, anchor));
    if (block && tok.type === T.BLOCK_SEQUENCE_START) {
      return parseBlockSequence(this, this.newNode('seq', line, tag, anchor));
    }
    if (block && tok.type === T.BLOCK_MAPPING_START) {
      return parseBlockMapping(this, this.newNode('map', line, tag, anchor));
    }
    if (anchor !== undefined || tag !== '') {
      const node = this.newNode('scalar', line, tag, anchor);
      node.implicit = tag === '';
      return node;
    }
    const context = block ? 'while parsing a block node' : 'while parsing a flow node';
    return this.error('did not find expected node content', tok.start, context, start);
  }

  emptyScalar(mark: Mark): YamlNode {
    const node = new YamlNode('scalar', mark.line);
    node.implicit = true;
    return node;
  }

  error(problem: string, problemMark: Mark, context = '', contextMark?: Mark): never {
    throw new YamlProblem('parser', problem, problemMark, context, contextMark);
  }

  private newNode(
    kind: 'scalar' | 'seq' | 'map',
    line: number,
    tag: string,
    anchor: string | undefined,
  ): YamlNode {
    const node = new YamlNode(kind, line);
    node.tag = tag;
    if (anchor !== undefined) this.anchors.set(anchor, node);
    return node;
  }

  private resolveTag(tok: Token, start: Mark): string {
    if (tok.value === '') return tok.suffix;
    const prefix = this.tagDirectives.get(tok.value);
    if (prefix === undefined)
      this.error('found undefined tag handle', tok.start, 'while parsing a node', start);
    const tag = prefix + tok.suffix;
    if (tag === '') this.error('found undefined tag handle', tok.start, 'while parsing a node', start);
    return tag;
  }
}

function isDocumentBoundary(tok: Token): boolean {
  const t = tok.type;
  return (
    t === T.VERSION_DIRECTIVE ||
    t === T.TAG_DIRECTIVE ||
    t === T.DOCUMENT_START ||
    t === T.DOCUMENT_END ||
    t === T.STREAM_END
  );
}
