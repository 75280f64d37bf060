/** The director's `Line` and `DiffLines#order`. */
import { noMethod } from './rb-value.js';

export type DiffStatus = 'added' | 'removed' | null;

export interface DiffLine {
  /** Nesting depth; each level is two spaces in front of `text`. */
  readonly indent: number;
  readonly text: string;
  readonly status: DiffStatus;
}

const INDENT = '  ';

/** `Line#to_s`. */
export function lineToString(line: DiffLine): string {
  return INDENT.repeat(line.indent) + line.text;
}

/** Top-level sections are printed in this order, then every other section in order of appearance. */
export const MANIFEST_KEYS_ORDER = [
  'azs',
  'vm_types',
  'vm_extensions',
  'resource_pools',
  'compilation',
  'networks',
  'disk_types',
  'name',
  'stemcells',
  'releases',
  'update',
  'jobs',
  'release',
  'addons',
  'variables',
] as const;

/**
 * `DiffLines#order`: cut the lines into sections, each starting at a top-level line that does not begin with a
 * space or `-`, and put an empty line before each section but the first. Sections are keyed by their first
 * line's text, so only an exact `azs:` (not `name: x`) sorts by the list, and a repeated heading replaces the
 * earlier section. Ruby's `^` also matches after a newline inside the text (keys can contain newlines).
 * Lines before any heading make Ruby fail.
 */
export function orderDiffLines(lines: readonly DiffLine[]): DiffLine[] {
  const sections = new Map<string, DiffLine[]>();
  let current: DiffLine[] | undefined;
  for (const line of lines) {
    if (line.indent === 0 && !/(?:^|\n)[ -]/.test(line.text)) {
      current = [{ indent: 0, text: '', status: null }];
      sections.set(line.text, current);
    }
    if (!current) throw noMethod('<<', null);
    current.push(line);
  }
  const ordered: DiffLine[] = [];
  for (const key of MANIFEST_KEYS_ORDER) {
    ordered.push(...(sections.get(`${key}:`) ?? []));
    sections.delete(`${key}:`);
  }
  for (const section of sections.values()) ordered.push(...section);
  ordered.shift();
  return ordered;
}
