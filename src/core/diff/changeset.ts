/**
 * The director's YAML diff (`Bosh::Director::Changeset`), as `POST /configs/diff`, `POST /deployments/:d/diff`
 * and the cloud/runtime/cpi config diffs print it: `Changeset.new(old, new).diff(redact).order`.
 *
 * Values are YAML-shaped data (see `rb-value.ts` for how Ruby's types map to JS). Where the Ruby code raises
 * (e.g. comparing a nil array element by name), this throws a `RubyError` carrying Ruby's class and message.
 */
import { lineToString, orderDiffLines, type DiffLine, type DiffStatus } from './diff-lines.js';
import { deepCopy, mergedKeys, rbEqual, rbEqualDirect } from './rb-equal.js';
import { redactProperties } from './redactor.js';
import { hashGet, isHash, isNil, kindOf, noMethod, RubyError, rbIndex, rubyToS, truthy } from './rb-value.js';
import { dumpYaml } from './yaml-dump.js';

export type { DiffLine, DiffStatus } from './diff-lines.js';
export { RubyError } from './rb-value.js';

type Pair = readonly [unknown, unknown];

/** `yaml_lines`: the value's `to_yaml` without `---` lines, one diff line per output line. */
function yamlLines(value: unknown, indent: number, status: DiffStatus): DiffLine[] {
  const parts = dumpYaml(value).split('\n');
  const kept = parts.filter((text, i) => !(text === '---' && i < parts.length - 1));
  while (kept.at(-1) === '') kept.pop();
  return kept.map((text) => ({ indent, text, status }));
}

const single = (key: unknown, value: unknown): Map<unknown, unknown> => new Map([[key, value]]);

/** `@before[key]` on a Changeset side: a Hash, or nil/false when one side was missing. */
function sideGet(side: unknown, key: unknown): unknown {
  if (!isHash(side)) throw noMethod('[]', side);
  return hashGet(side, key);
}

class Changeset {
  private readonly redactedBefore: unknown;
  private readonly redactedAfter: unknown;
  private readonly merged: unknown[];

  constructor(
    private readonly before: unknown,
    private readonly after: unknown,
    redactedBefore?: unknown,
    redactedAfter?: unknown,
  ) {
    this.redactedBefore = isNil(redactedBefore) ? redactProperties(deepCopy(before)) : redactedBefore;
    this.redactedAfter = isNil(redactedAfter) ? redactProperties(deepCopy(after)) : redactedAfter;
    if (truthy(before) && truthy(after)) {
      if (!isHash(before)) throw noMethod('merge', before);
      if (!isHash(after)) {
        const names: Partial<Record<string, string>> = { bool: 'true', int: 'Integer', float: 'Float' };
        const name = names[kindOf(after)] ?? (typeof after === 'string' ? 'String' : 'Array');
        throw new RubyError('TypeError', `no implicit conversion of ${name} into Hash`);
      }
      this.merged = mergedKeys(before, after);
    } else {
      const only = truthy(before) ? before : after;
      if (!isHash(only)) throw noMethod('each_pair', only);
      this.merged = mergedKeys(only, new Map());
    }
  }

  diff(redact: boolean, indent = 0): DiffLine[] {
    const lines: DiffLine[] = [];
    const outBefore = redact ? this.redactedBefore : this.before;
    const outAfter = redact ? this.redactedAfter : this.after;
    for (const key of this.merged) {
      const b = sideGet(this.before, key);
      const a = sideGet(this.after, key);
      if (rbEqualDirect(b, a)) continue;
      if (isNil(b)) {
        lines.push(...yamlLines(single(key, sideGet(outAfter, key)), indent, 'added'));
      } else if (isNil(a)) {
        lines.push(...yamlLines(single(key, sideGet(outBefore, key)), indent, 'removed'));
      } else if (Array.isArray(b) && Array.isArray(a)) {
        const outB = sideGet(outBefore, key);
        const outA = sideGet(outAfter, key);
        lines.push(...compareArrays([b, a, outB, outA], key, redact, indent));
      } else if (isHash(b) && isHash(a)) {
        const nested = new Changeset(b, a, sideGet(outBefore, key), sideGet(outAfter, key));
        const nestedLines = nested.diff(redact, indent + 1);
        if (nestedLines.length > 0) {
          lines.push({ indent, text: `${rubyToS(key)}:`, status: null }, ...nestedLines);
        }
      } else {
        lines.push(...yamlLines(single(key, sideGet(outBefore, key)), indent, 'removed'));
        lines.push(...yamlLines(single(key, sideGet(outAfter, key)), indent, 'added'));
      }
    }
    return lines;
  }
}

const zip = (xs: unknown[], ys: unknown): Pair[] =>
  xs.map((x, i) => [x, Array.isArray(ys) ? (ys as unknown[])[i] : undefined] as const);

/**
 * `compare_arrays`: elements are compared whole (`Array#-`, with `eql?`), so reordering is no change. An added
 * Hash is diffed against the removed one with the same `name` (or, failing that, `range`: subnets) when every
 * added/removed non-nil element has a truthy one; otherwise it is listed whole. Leftover removed elements follow.
 * Each element travels with its output (maybe redacted) twin.
 */
function compareArrays(
  values: readonly [unknown[], unknown[], unknown, unknown],
  parent: unknown,
  redact: boolean,
  indent: number,
): DiffLine[] {
  const [oldValue, newValue, outOld, outNew] = values;
  const oldPairs = zip(oldValue, outOld);
  const newPairs = zip(newValue, outNew);
  // The output values of the two sides are separate Marshal copies when redacting: their NaNs differ.
  const pairEql = (p: Pair, q: Pair): boolean =>
    rbEqual(p[0], q[0], { strict: true, nanEqual: true }) &&
    rbEqual(p[1], q[1], { strict: true, nanEqual: !redact });
  const added = newPairs.filter((p) => !oldPairs.some((q) => pairEql(p, q)));
  let removed = oldPairs.filter((p) => !newPairs.some((q) => pairEql(p, q)));
  const lines: DiffLine[] = [];

  for (const [elem, redactedElem] of added) {
    if (!isHash(elem)) {
      lines.push(...yamlLines([redactedElem], indent, 'added'));
      continue;
    }
    const keyed = [...added, ...removed].filter((e) => !isNil(e[0]));
    const usingNames = keyed.every((e) => truthy(rbIndex(e[0], 'name')));
    const usingRanges = keyed.every((e) => truthy(rbIndex(e[0], 'range')));
    if (!usingNames && !usingRanges) {
      lines.push(...yamlLines([redactedElem], indent, 'added'));
      continue;
    }
    const field = usingNames ? 'name' : 'range';
    const same = removed.find((e) => rbEqualDirect(rbIndex(e[0], field), rbIndex(elem, field)));
    if (!same) {
      lines.push(...yamlLines([redactedElem], indent, 'added'));
      continue;
    }
    // `removed.delete(same)`: every element `==` to it goes.
    removed = removed.filter((e) => !rbEqual(e, same, { strict: false, nanEqual: true }));
    const nested = new Changeset(same[0], elem, same[1], redactedElem).diff(redact, indent + 1);
    if (nested.length > 0) {
      lines.push(...yamlLines([single(field, rbIndex(redactedElem, field))], indent, null), ...nested);
    }
  }
  const removedOutput = removed.map((p) => p[1]);
  if (removedOutput.length > 0) lines.push(...yamlLines(removedOutput, indent, 'removed'));
  if (lines.length > 0) lines.unshift({ indent, text: `${rubyToS(parent)}:`, status: null });
  return lines;
}

/**
 * `Changeset.new(oldValue, newValue).diff(redact).order.map { |l| [l.to_s, l.status] }`.
 * With `redact`, values under `properties`/`bosh` hashes and release URL credentials print as `<redacted>`.
 */
export function changesetDiff(
  oldValue: unknown,
  newValue: unknown,
  options: { redact: boolean },
): Array<[string, 'added' | 'removed' | null]> {
  const lines = new Changeset(oldValue, newValue).diff(options.redact);
  return orderDiffLines(lines).map((line) => [lineToString(line), line.status]);
}
