/**
 * Tokenizer for monit control files. Monit's syntax is free-format and token-oriented: newlines are whitespace,
 * `#` starts a comment that runs to the end of the line, strings are quoted with `"` or `'` (no escapes),
 * keywords are case-insensitive. We also accept a backslash before a newline (a shell-style continuation).
 */

export type TokenKind = 'word' | 'string' | 'punct' | 'op';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
}

export interface LexProblem {
  readonly line: number;
  readonly message: string;
}

const PUNCT = new Set([',', '{', '}', '(', ')']);
const OPERATORS = ['>=', '<=', '==', '!=', '<>', '>', '<', '='];
const WORD_END = /[\s,{}()"]/;

export function tokenize(text: string): { tokens: Token[]; problems: LexProblem[] } {
  const tokens: Token[] = [];
  const problems: LexProblem[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '\\' && /^\\[ \t]*\r?\n/.test(text.slice(i, i + 64))) {
      i = text.indexOf('\n', i); // the newline itself is counted on the next turn
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) {
        problems.push({ line, message: `unterminated string starting with ${c}` });
        break;
      }
      const body = text.slice(i + 1, end);
      tokens.push({ kind: 'string', text: body, line });
      line += countNewlines(body);
      i = end + 1;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op === '==' ? '=' : op, line });
        i += op.length;
        continue;
      }
      let end = i + 1;
      while (end < text.length && !WORD_END.test(text.charAt(end))) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end), line });
      i = end;
    }
  }
  return { tokens, problems };
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}
