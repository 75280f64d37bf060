import { describe, expect, it } from 'vitest';
import { diffLines, diffText, visible } from './diff.js';

describe('diffText', () => {
  it('is empty for equal texts', () => {
    expect(diffText('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('shows a changed line with its number and context', () => {
    const e = 'l1\nl2\nl3\nl4\nl5\nl6\n';
    const a = 'l1\nl2\nl3\nL4\nl5\nl6\n';
    expect(diffText(e, a)).toBe('@@ line 2 @@\n l2\n l3\n-l4\n+L4\n l5\n l6');
  });

  it('shows inserted and deleted lines', () => {
    expect(diffText('a\nb\nc\n', 'a\nc\nd\n')).toBe('@@ line 1 @@\n a\n-b\n c\n+d');
  });

  it('notes a missing final newline on its own', () => {
    expect(diffText('a\n', 'a')).toBe('(actual lacks the final newline)');
    expect(diffText('', 'x\n')).toBe('@@ line 1 @@\n+x');
  });

  it('makes tabs and control characters visible', () => {
    expect(visible('a\tb\r\x1b')).toBe('a\\tb\\r\\x1b');
    expect(diffText('x\t\n', 'x \n')).toBe('@@ line 1 @@\n-x\\t\n+x ');
  });

  it('caps long diffs', () => {
    const e = Array.from({ length: 100 }, (_, i) => `e${i}`);
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`);
    const out = diffLines(e, a);
    expect(out.split('\n')).toHaveLength(42);
    expect(out).toMatch(/\.\.\. and 160 more differing lines$/);
  });
});
