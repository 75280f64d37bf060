import { isPrintable } from './emit-analysis.js';
import { BEST_WIDTH, type EmitterCore } from './emitter-core.js';
import { isBreak } from './scan-chars.js';

const NAMED_ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

/**
 * libyaml's write_double_quoted_scalar. Unprintable characters, breaks, `"` and `\` are escaped
 * (\xNN, \uNNNN, \UNNNNNNNN in upper-case hex). libyaml's BOM test looks at the start of the value
 * rather than the current character, so a value starting with U+FEFF gets every character escaped.
 * Long values fold at a space past column 80; a following space is protected with a backslash.
 */
export function writeDoubleQuoted(e: EmitterCore, value: string, allowBreaks: boolean): void {
  e.writeIndicator('"', true, false, false);
  const n = value.length;
  const escapeAll = value.charCodeAt(0) === 0xfeff;
  let spaces = false;
  let run = 0;
  for (let i = 0; i < n;) {
    const c = value.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? (value.codePointAt(i) ?? c) : c;
    const w = cp > 0xffff ? 2 : 1;
    if (escapeAll || !isPrintable(cp) || isBreak(c) || c === 0x22 || c === 0x5c) {
      e.out += value.slice(run, i);
      const escape = `\\${escapeFor(cp)}`;
      e.write(escape, escape.length);
      i += w;
      run = i;
      spaces = false;
    } else if (c === 0x20) {
      if (allowBreaks && !spaces && e.column > BEST_WIDTH && i > 0 && i < n - 1) {
        e.out += value.slice(run, i);
        e.writeIndent();
        if (value.charCodeAt(i + 1) === 0x20) e.write('\\', 1);
        i++;
        run = i;
      } else {
        i++;
        e.column++;
      }
      spaces = true;
    } else {
      i += w;
      e.column++;
      spaces = false;
    }
  }
  e.out += value.slice(run, n);
  e.writeIndicator('"', false, false, false);
  e.whitespace = false;
  e.indention = false;
}

function escapeFor(cp: number): string {
  const named = NAMED_ESCAPES.get(cp);
  if (named !== undefined) return named;
  if (cp <= 0xff) return `x${hex(cp, 2)}`;
  if (cp <= 0xffff) return `u${hex(cp, 4)}`;
  return `U${hex(cp, 8)}`;
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}
