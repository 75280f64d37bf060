/**
 * Go's `regexp.Compile` (RE2 syntax) for the patterns `ssh cleanup` receives (`^bosh_…`): the common syntax
 * errors are reported with Go's text (`error parsing regexp: missing closing ): \`(a\``), and the RE2 forms a
 * JavaScript RegExp spells differently (`(?i)` flags, `(?P<name>`, `\A`, `\z`, `\Q…\E`) are translated.
 */

const PERL_CLASSES = 'dDsSwW';
const ESCAPES = 'afnrtv';

function parseError(code: string, expr: string): Error {
  return new Error(`error parsing regexp: ${code}: \`${expr}\``);
}

/** The length of a `{n}`, `{n,}` or `{n,m}` repeat at `i`, or 0 when the brace is a literal. */
function repeatLength(s: string, i: number): number {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
  return m === null ? 0 : m[0].length;
}

/** Compiles `pattern` as Go would, or throws Go's error text. */
export function compileGoRegexp(pattern: string): RegExp {
  let s = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(s);
  if (leading?.[1] !== undefined) {
    if (leading[1].includes('i')) flags += 'i';
    if (leading[1].includes('m')) flags += 'm';
    if (leading[1].includes('s')) flags += 's';
    s = s.slice(leading[0].length);
  }
  let out = '';
  const groups: number[] = [];
  // Whether the last thing emitted can take a repetition operator, and the operator just applied (if any).
  let atom = false;
  let lastRepeat = '';
  for (let i = 0; i < s.length;) {
    const c = s[i] ?? '';
    if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined) throw parseError('trailing backslash at end of expression', '');
      if (next === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const literal = s.slice(i + 2, end < 0 ? s.length : end);
        out += literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? s.length : end + 2;
      } else if (next === 'A') {
        out += '^';
        i += 2;
      } else if (next === 'z') {
        out += '$(?![\\s\\S])';
        i += 2;
      } else if (
        PERL_CLASSES.includes(next) ||
        ESCAPES.includes(next) ||
        next === 'b' ||
        next === 'B' ||
        next === 'x' ||
        next === '0' ||
        !/[A-Za-z0-9]/.test(next)
      ) {
        out += `\\${next}`;
        i += 2;
      } else {
        throw parseError('invalid escape sequence', `\\${next}`);
      }
      atom = true;
      lastRepeat = '';
      continue;
    }
    if (c === '[') {
      const start = i;
      let j = i + 1;
      if (s[j] === '^') j++;
      if (s[j] === ']') j++;
      for (; j < s.length && s[j] !== ']'; j++) {
        if (s[j] === '\\') j++;
        else if (s.startsWith('[:', j)) {
          const close = s.indexOf(':]', j + 2);
          if (close > 0) j = close + 1;
        }
      }
      if (j >= s.length) throw parseError('missing closing ]', s.slice(start));
      // A `]` first in the class is a literal in RE2; JavaScript needs it escaped.
      out += posixClasses(s.slice(start, j + 1).replace(/^(\[\^?)\]/, '$1\\]'));
      i = j + 1;
      atom = true;
      lastRepeat = '';
      continue;
    }
    if (c === '(') {
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(s.slice(i));
      const flagged = /^\(\?[imsU-]*:/.exec(s.slice(i));
      if (named?.[1] !== undefined) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (flagged !== null) {
        // `(?:` as is; flag groups (`(?i:`) are left for RegExp to refuse.
        out += flagged[0];
        i += flagged[0].length;
      } else if (s[i + 1] === '?') {
        throw parseError('invalid or unsupported Perl syntax', s.slice(i, i + 3));
      } else {
        out += '(';
        i += 1;
      }
      groups.push(i);
      atom = false;
      lastRepeat = '';
      continue;
    }
    if (c === ')') {
      if (groups.pop() === undefined) throw parseError('unexpected )', pattern);
      out += ')';
      i += 1;
      atom = true;
      lastRepeat = '';
      continue;
    }
    if (c === '|') {
      out += c;
      i += 1;
      atom = false;
      lastRepeat = '';
      continue;
    }
    const length = c === '*' || c === '+' || c === '?' ? 1 : c === '{' ? repeatLength(s, i) : 0;
    if (length > 0) {
      let op = s.slice(i, i + length);
      if (s[i + length] === '?') op += '?';
      if (lastRepeat !== '') throw parseError('invalid nested repetition operator', lastRepeat + op);
      if (!atom) throw parseError('missing argument to repetition operator', op);
      out += op;
      i += op.length;
      lastRepeat = op;
      continue;
    }
    out += c === '/' ? '\\/' : c;
    i += 1;
    atom = c !== '^' && c !== '$';
    lastRepeat = '';
  }
  if (groups.length > 0) throw parseError('missing closing )', pattern);
  try {
    return new RegExp(out, flags);
  } catch {
    throw parseError('invalid or unsupported Perl syntax', pattern);
  }
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function posixClasses(cls: string): string {
  return cls.replace(/\[:(\w+):\]/g, (whole, name: string) => POSIX[name] ?? whole);
}
