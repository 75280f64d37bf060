/**
 * go-patch pointers (`patch/pointer.go`): RFC 6901-like paths such as `/instance_groups/name=web/jobs/-`.
 * `""` is the root; `/` is the map key `""`. `toString` renders a pointer the way go-patch's error messages do.
 */
import type { Modifier, Token } from './tokens.js';

const MODIFIERS: ReadonlySet<string> = new Set<Modifier>(['prev', 'next', 'before', 'after']);
const DECODED: Readonly<Record<string, string>> = { '~0': '~', '~1': '/', '~7': ':' };
const ENCODED: Readonly<Record<string, string>> = { '~': '~0', '/': '~1', ':': '~7' };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class Pointer {
  readonly tokens: readonly Token[];

  /** `patch.NewPointer`: the tokens must start with a root token. */
  constructor(tokens: readonly Token[]) {
    const first = tokens[0];
    if (first === undefined) throw new Error('Expected at least one token');
    if (first.kind !== 'root') throw new Error('Expected first token to be root');
    this.tokens = tokens;
  }

  /** The pointer made of the first `count` tokens (go-patch's `currPath` in error messages). */
  prefix(count: number): Pointer {
    return new Pointer(this.tokens.slice(0, count));
  }

  /** True for the root pointer `""`. */
  isRoot(): boolean {
    return this.tokens.length === 1;
  }

  /** `Pointer.String()`: `?` is printed only on the first optional token, since it carries to the right. */
  toString(): string {
    const parts: string[] = [];
    let optional = false;
    const markOptional = (tokenOptional: boolean): string => {
      if (!tokenOptional || optional) return '';
      optional = true;
      return '?';
    };
    for (const token of this.tokens) {
      switch (token.kind) {
        case 'root':
          parts.push('');
          break;
        case 'index':
          parts.push(`${token.index}${modifiersString(token.modifiers)}`);
          break;
        case 'after-last-index':
          parts.push('-');
          break;
        case 'matching-index': {
          const value = encode(token.value) + markOptional(token.optional);
          parts.push(`${encode(token.key)}=${value}${modifiersString(token.modifiers)}`);
          break;
        }
        case 'key':
          parts.push(encode(token.key) + markOptional(token.optional));
          break;
      }
    }
    return parts.join('/');
  }
}

/** `patch.NewPointerFromString`. Throws go-patch's parse errors verbatim. */
export function parsePointer(str: string): Pointer {
  const tokens: Token[] = [{ kind: 'root' }];
  if (str.length === 0) return new Pointer(tokens);
  if (!str.startsWith('/')) throw new Error("Expected to start with '/'");

  const rawTokens = str.split('/').slice(1);
  let optional = false;

  rawTokens.forEach((raw, i) => {
    const isLast = i === rawTokens.length - 1;
    const pieces = raw.split(':');
    const modifiers = parseModifiers(pieces);
    const tok = decode(pieces[0] ?? '');

    if (isLast && tok === '-') {
      if (modifiers.length > 0) {
        throw new Error('Expected not to find any modifiers with after last index token');
      }
      tokens.push({ kind: 'after-last-index' });
      return;
    }

    const index = parseGoInt(tok);
    if (index !== undefined) {
      tokens.push({ kind: 'index', index, modifiers });
      return;
    }

    if (tok.endsWith('?')) optional = true;

    const eq = tok.indexOf('=');
    if (eq >= 0) {
      const value = trimQuestionMark(tok.slice(eq + 1));
      tokens.push({ kind: 'matching-index', key: tok.slice(0, eq), value, optional, modifiers });
      return;
    }

    if (modifiers.length > 0) throw new Error('Expected not to find any modifiers with key token');
    tokens.push({ kind: 'key', key: trimQuestionMark(tok), optional });
  });

  return new Pointer(tokens);
}

function parseModifiers(pieces: readonly string[]): Modifier[] {
  const modifiers: Modifier[] = [];
  for (const piece of pieces.slice(1)) {
    if (!MODIFIERS.has(piece)) {
      // go-patch quotes the first modifier piece, not the offending one (`/0:next:foo` reports 'next').
      throw new Error(
        "Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' " +
          `but found '${pieces[1] ?? ''}'`,
      );
    }
    modifiers.push(piece as Modifier);
  }
  return modifiers;
}

function modifiersString(modifiers: readonly Modifier[]): string {
  return modifiers.map((m) => `:${m}`).join('');
}

/** `strconv.Atoi`: optional sign, ASCII decimal digits, within int64. */
function parseGoInt(tok: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(tok)) return undefined;
  const value = BigInt(tok);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

function trimQuestionMark(s: string): string {
  return s.endsWith('?') ? s.slice(0, -1) : s;
}

function decode(s: string): string {
  return s.replace(/~[017]/g, (m) => DECODED[m] ?? m);
}

function encode(s: string): string {
  return s.replace(/[~/:]/g, (m) => ENCODED[m] ?? m);
}
