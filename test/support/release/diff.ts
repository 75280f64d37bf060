/** A compact line diff for failure messages: `-` expected, `+` actual, tabs and control chars made visible. */

const CONTEXT = 2;
const MAX_LINES = 40;
const MAX_LCS_CELLS = 4_000_000;

export function visible(line: string): string {
  let out = '';
  for (const c of line) {
    const code = c.charCodeAt(0);
    if (c === '\t') out += '\\t';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

type Op = { kind: ' ' | '-' | '+'; text: string };

/** Longest-common-subsequence edit script; falls back to "replace everything after the common prefix". */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const ops: Op[] = a.slice(0, pre).map((text) => ({ kind: ' ', text }));
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  const n = x.length;
  const m = y.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    for (const text of x) ops.push({ kind: '-', text });
    for (const text of y) ops.push({ kind: '+', text });
  } else {
    const lcs = new Uint32Array((n + 1) * (m + 1));
    const at = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = x[i] === y[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        ops.push({ kind: ' ', text: x[i] ?? '' });
        i++;
        j++;
      } else if (i < n && (j === m || at(i + 1, j) >= at(i, j + 1))) {
        ops.push({ kind: '-', text: x[i] ?? '' });
        i++;
      } else {
        ops.push({ kind: '+', text: y[j] ?? '' });
        j++;
      }
    }
  }
  for (const text of a.slice(a.length - suf)) ops.push({ kind: ' ', text });
  return ops;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const finalNewline = text.endsWith('\n');
  const body = finalNewline ? text.slice(0, -1) : text;
  return { lines: text === '' ? [] : body.split('\n'), finalNewline };
}

/** Diffs two line lists; '' when equal. Hunks carry `@@ line N @@` (1-based, in expected) headers. */
export function diffLines(expected: readonly string[], actual: readonly string[]): string {
  const ops = editScript(expected, actual);
  if (ops.every((o) => o.kind === ' ')) return '';
  const show = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, k) => {
    if (o.kind === ' ') return;
    for (let d = Math.max(0, k - CONTEXT); d <= Math.min(ops.length - 1, k + CONTEXT); d++) show[d] = true;
  });
  const out: string[] = [];
  let line = 1;
  let printed = 0;
  let hidden = 0;
  let gap = true;
  ops.forEach((o, k) => {
    if (show[k] === true) {
      if (gap) out.push(`@@ line ${line} @@`);
      gap = false;
      if (printed < MAX_LINES) out.push(`${o.kind}${visible(o.text)}`);
      else if (o.kind !== ' ') hidden++;
      printed++;
    } else {
      gap = true;
    }
    if (o.kind !== '+') line++;
  });
  if (hidden > 0) out.push(`... and ${hidden} more differing lines`);
  return out.join('\n');
}

/** Diffs two texts line by line, noting a difference in the final newline on its own. */
export function diffText(expected: string, actual: string): string {
  if (expected === actual) return '';
  const e = splitLines(expected);
  const a = splitLines(actual);
  const parts: string[] = [];
  const body = diffLines(e.lines, a.lines);
  if (body !== '') parts.push(body);
  if (e.finalNewline !== a.finalNewline && expected !== '' && actual !== '') {
    parts.push(
      e.finalNewline ? '(actual lacks the final newline)' : '(actual has a final newline, expected none)',
    );
  }
  return parts.join('\n');
}

/** Indents every line of a multi-line block. */
export function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
