/**
 * Ruby `value.to_yaml(indent: 2)` for YAML-shaped data: Psych builds the node tree (`yaml-node.ts`) and libyaml
 * 0.2.5's emitter writes it (block style, empty collections as `[]`/`{}`, long scalars folded at column 80).
 */
import { analyzeScalar, type ScalarAnalysis } from './yaml-analysis.js';
import { toYamlTree, type ScalarStyle, type YamlNode } from './yaml-node.js';
import { YamlWriter } from './yaml-writer.js';

interface Context {
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

type ScalarNode = Extract<YamlNode, { kind: 'scalar' }>;

const MAX_SIMPLE_KEY_LENGTH = 128;

/** The tag libyaml writes: only when neither implicit flag is set. */
function explicitTag(node: ScalarNode): ScalarNode['tag'] {
  return !node.plainImplicit && !node.quotedImplicit ? node.tag : null;
}

/** `yaml_emitter_check_simple_key` for a scalar key (keys are always scalars here). */
function isSimpleKey(node: YamlNode): boolean {
  if (node.kind !== 'scalar') return node.kind === 'alias';
  const analysis = analyzeScalar(Array.from(node.value));
  if (analysis.multiline) return false;
  const tag = explicitTag(node);
  const tagLength = tag ? tag.handle.length + tag.suffix.length : 0;
  return tagLength + analysis.byteLength <= MAX_SIMPLE_KEY_LENGTH;
}

/** `yaml_emitter_select_scalar_style`; also returns the `!` tag libyaml adds to non-plain plain-only scalars. */
function selectStyle(
  node: ScalarNode,
  a: ScalarAnalysis,
  w: YamlWriter,
  ctx: Context,
): { style: ScalarStyle; bang: boolean } {
  const noTag = explicitTag(node) === null;
  const flow = w.flowLevel > 0;
  let style = node.style;
  if (ctx.simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (flow ? !a.flowPlainAllowed : !a.blockPlainAllowed) style = 'single';
    if (a.byteLength === 0 && (flow || ctx.simpleKey)) style = 'single';
    if (noTag && !node.plainImplicit) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || flow || ctx.simpleKey)) style = 'double';
  return { style, bang: noTag && !node.quotedImplicit && style !== 'plain' };
}

function emitScalar(w: YamlWriter, node: ScalarNode, ctx: Context): void {
  const chars = Array.from(node.value);
  const { style, bang } = selectStyle(node, analyzeScalar(chars), w, ctx);
  const tag = explicitTag(node);
  if (tag) {
    w.writeWord(tag.handle, true);
    w.writeWord(tag.suffix, false);
  } else if (bang) w.writeWord('!', true);
  w.increaseIndent(true, false);
  const allowBreaks = !ctx.simpleKey;
  if (style === 'plain') w.writePlain(chars, allowBreaks);
  else if (style === 'single') w.writeSingleQuoted(chars, allowBreaks);
  else if (style === 'double') w.writeDoubleQuoted(chars, allowBreaks);
  else w.writeLiteral(chars);
  w.popIndent();
}

function emitEmpty(w: YamlWriter, open: string, close: string): void {
  w.writeIndicator(open, true, true, false);
  w.increaseIndent(true, false);
  w.popIndent();
  w.writeIndicator(close, false, false, false);
}

type SeqNode = Extract<YamlNode, { kind: 'seq' }>;
type MapNode = Extract<YamlNode, { kind: 'map' }>;

/** Block sequence; inside a mapping value it is "indentless" (`key:` then `- item` at the key's column). */
function emitSequence(w: YamlWriter, node: SeqNode, ctx: Context): void {
  w.increaseIndent(false, ctx.mapping && !w.indention);
  for (const item of node.items) {
    w.writeIndent();
    w.writeIndicator('-', true, false, true);
    emitNode(w, item, { mapping: false, simpleKey: false });
  }
  w.popIndent();
}

/** Block mapping; keys over 128 bytes or spanning lines take the `? key` / `: value` form. */
function emitMapping(w: YamlWriter, node: MapNode): void {
  w.increaseIndent(false, false);
  for (const [key, value] of node.pairs) {
    w.writeIndent();
    if (isSimpleKey(key)) {
      emitNode(w, key, { mapping: true, simpleKey: true });
      w.writeIndicator(':', false, false, false);
    } else {
      w.writeIndicator('?', true, false, true);
      emitNode(w, key, { mapping: true, simpleKey: false });
      w.writeIndent();
      w.writeIndicator(':', true, false, true);
    }
    emitNode(w, value, { mapping: true, simpleKey: false });
  }
  w.popIndent();
}

function emitNode(w: YamlWriter, node: YamlNode, ctx: Context): void {
  if (node.kind === 'scalar') {
    emitScalar(w, node, ctx);
  } else if (node.kind === 'alias') {
    w.writeIndicator('*', true, false, false);
    w.writeWord(node.anchor, false);
    if (ctx.simpleKey) w.put(' ');
  } else {
    if (node.anchor !== null) {
      w.writeIndicator('&', true, false, false);
      w.writeWord(node.anchor, false);
    }
    if (node.kind === 'seq') {
      if (node.items.length === 0) emitEmpty(w, '[', ']');
      else emitSequence(w, node, ctx);
    } else if (node.pairs.length === 0) emitEmpty(w, '{', '}');
    else emitMapping(w, node);
  }
}

/** Ruby `value.to_yaml(indent: 2)`: one explicit (`---`) document, implicit end, `...` after a `|+` scalar. */
export function dumpYaml(value: unknown): string {
  const w = new YamlWriter();
  w.writeIndent();
  w.writeIndicator('---', true, false, false);
  w.openEnded = 0;
  emitNode(w, toYamlTree(value), { mapping: false, simpleKey: false });
  w.writeIndent();
  if (w.openEnded === 0) w.openEnded = 1;
  if (w.openEnded === 2) {
    w.writeIndicator('...', true, false, false);
    w.writeIndent();
  }
  return w.out;
}
