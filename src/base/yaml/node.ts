import { STYLE, type ScalarStyle } from './tokens.js';

export type NodeKind = 'scalar' | 'seq' | 'map' | 'alias';

/**
 * go-yaml v2's intermediate node: what its parser builds from libyaml events before decoding. `implicit`
 * is libyaml's plain_implicit flag (untagged plain scalar, or the non-specific `!` tag).
 */
export class YamlNode {
  tag: string;
  value: string;
  implicit: boolean;
  style: ScalarStyle;
  /** Keys and values alternate for mappings. Scalars and aliases share one empty array. */
  readonly children: YamlNode[];
  /** For aliases: the anchored node, resolved at parse time like go-yaml does. */
  alias: YamlNode | undefined;

  // Fields are set here rather than with initializers: V8 runs initializers as a separate function per
  // instance, which costs several milliseconds per manifest before the code is optimised (a CLI never gets there).
  constructor(
    readonly kind: NodeKind,
    /** 0-based line of the node's first token (anchor or tag included). */
    readonly line: number,
  ) {
    this.tag = '';
    this.value = '';
    this.implicit = false;
    this.style = STYLE.PLAIN;
    this.children = kind === 'seq' || kind === 'map' ? [] : NO_CHILDREN;
    this.alias = undefined;
  }
}

const NO_CHILDREN: YamlNode[] = [];

export const LONG_TAG_PREFIX = 'tag:yaml.org,2002:';

export const TAGS = {
  STR: 'tag:yaml.org,2002:str',
  INT: 'tag:yaml.org,2002:int',
  FLOAT: 'tag:yaml.org,2002:float',
  BOOL: 'tag:yaml.org,2002:bool',
  NULL: 'tag:yaml.org,2002:null',
  TIMESTAMP: 'tag:yaml.org,2002:timestamp',
  BINARY: 'tag:yaml.org,2002:binary',
  MERGE: 'tag:yaml.org,2002:merge',
  MAP: 'tag:yaml.org,2002:map',
  SEQ: 'tag:yaml.org,2002:seq',
} as const;

/** go-yaml's shortTag: `tag:yaml.org,2002:int` → `!!int`. */
export function shortTag(tag: string): string {
  return tag.startsWith(LONG_TAG_PREFIX) ? `!!${tag.slice(LONG_TAG_PREFIX.length)}` : tag;
}
