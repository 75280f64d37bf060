import { Decoder, decodeScalar } from './decode.js';
import { TAGS, shortTag, type YamlNode } from './node.js';
import { Parser } from './parser.js';
import { findForbiddenChar } from './scan-chars.js';
import type { YamlValue } from './value.js';
import { YamlProblem, YamlSyntaxError, toGoYamlError } from './yaml-error.js';

export { YamlSyntaxError } from './yaml-error.js';

/** The tag go-yaml names in `cannot unmarshal <tag> into <type>` errors. */
export type YamlTag =
  | '!!map'
  | '!!seq'
  | '!!str'
  | '!!int'
  | '!!float'
  | '!!bool'
  | '!!null'
  | '!!timestamp'
  | '!!binary'
  | (string & Record<never, never>);

export interface ParsedYaml {
  readonly value: YamlValue;
  /** The root's explicit tag, else the resolved one (`!!map`, `!!seq`, `!!str`, `!!int`, ...). */
  readonly rootTag: YamlTag;
  /** 1-based line of the root node (its anchor or tag included), as go-yaml's type errors print it. */
  readonly rootLine: number;
  /** For a scalar root, its source text (go-yaml quotes up to 7 characters of it in type errors). */
  readonly rootText: string | undefined;
}

/** Decodes the first document of `text` exactly like yaml.v2's `Unmarshal` into `interface{}`. */
export function parseYaml(text: string): YamlValue {
  return parseYamlWithMeta(text).value;
}

export function parseYamlWithMeta(text: string): ParsedYaml {
  let root: YamlNode | undefined;
  let value: YamlValue;
  try {
    root = parseRoot(text);
    value = root === undefined ? null : new Decoder().decode(root);
  } catch (e) {
    // Our recursive descent runs out of stack at a few thousand levels, before libyaml's limit of 10000.
    if (e instanceof RangeError) throw new YamlSyntaxError('yaml: document nesting is too deep');
    throw e;
  }
  if (root === undefined) return { value: null, rootTag: '!!null', rootLine: 1, rootText: undefined };
  return {
    value,
    rootTag: rootTagOf(root),
    rootLine: root.line + 1,
    rootText: root.kind === 'scalar' ? root.value : undefined,
  };
}

function parseRoot(text: string): YamlNode | undefined {
  // The reader decodes ahead in chunks, so a forbidden character near the failure point (or anywhere
  // in a document that parses) is reported instead of the later problem.
  const forbidden = findForbiddenChar(text);
  // go-yaml feeds "\n" for empty input; the reader drops a leading byte order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parser = new Parser(body === '' ? '\n' : body);
  try {
    const root = parser.parseFirstDocument();
    if (forbidden >= 0 && forbidden < parser.sc.pos + READ_AHEAD) throw readerError();
    return root;
  } catch (e) {
    if (e instanceof YamlProblem) {
      if (forbidden >= 0 && forbidden < parser.sc.pos + READ_AHEAD) throw readerError();
      throw toGoYamlError(e);
    }
    throw e;
  }
}

/** libyaml's reader converts up to this many characters past the scanner's position. */
const READ_AHEAD = 512;

function readerError(): YamlSyntaxError {
  return toGoYamlError(new YamlProblem('reader', 'control characters are not allowed', undefined));
}

function rootTagOf(n: YamlNode): YamlTag {
  if (n.tag !== '') return shortTag(n.tag);
  switch (n.kind) {
    case 'map':
      return '!!map';
    case 'seq':
      return '!!seq';
    default:
      return shortTag(decodeScalar(n).tag || TAGS.STR);
  }
}
