/**
 * Component matching with the semantics of github.com/bmatcuk/doublestar v1.3.4, the glob library behind
 * bosh-cli's `files:` and `excluded_files:` (bosh-utils RecursiveGlob). Unlike shell globs, `*` matches
 * dotfiles, `{a,b}` alternatives may span '/', and a few corner cases are quirky (`*{,x}` does not match `a`,
 * `[^]` matches anything); they are kept because fingerprints depend on what matched.
 */

/** doublestar's ErrBadPattern (path.ErrBadPattern), whose text bosh-cli prints. */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/** Length in UTF-16 units of the code point at `i`. */
function width(s: string, i: number): number {
  const c = s.codePointAt(i) ?? 0;
  return c > 0xffff ? 2 : 1;
}

/** The first `ch` not directly preceded by a backslash. */
export function indexUnescaped(s: string, ch: string): number {
  let from = 0;
  for (;;) {
    const i = s.indexOf(ch, from);
    if (i <= from || s[i - 1] !== '\\') return i;
    from = i + 1;
  }
}

/** The last `ch` not directly preceded by a backslash. */
export function lastIndexUnescaped(s: string, ch: string): number {
  let end = s.lastIndexOf(ch);
  while (end > 0 && s[end - 1] === '\\') end = s.lastIndexOf(ch, end - 2);
  return end;
}

/** The first of `chars` not directly preceded by a backslash. */
export function indexAnyUnescaped(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) {
    if (chars.includes(s[i] as string) && (i === 0 || s[i - 1] !== '\\')) return i;
  }
  return -1;
}

/** Splits `a,b}rest` (the text after `{`) into its alternatives; `end` indexes just past the closing brace. */
export function splitAlternatives(s: string): { options: string[]; end: number } | undefined {
  const options: string[] = [];
  let depth = 1;
  let escaped = false;
  let start = 0;
  let i = 0;
  while (depth > 0) {
    if (i >= s.length) return undefined;
    const c = s[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 1) {
      options.push(s.slice(start, i));
      start = i + 1;
    }
    i += width(s, i);
  }
  options.push(s.slice(start, i - 1));
  return { options, end: i };
}

/** Whether a pattern component can match the empty string (`*`, `**`, or alternatives such as `{,x}`). */
export function isZeroLength(pattern: string): boolean {
  if (pattern === '' || pattern === '*' || pattern === '**') return true;
  if (!pattern.startsWith('{')) return false;
  const alt = splitAlternatives(pattern.slice(1));
  if (alt === undefined) throw new BadPatternError();
  if (!isZeroLength(pattern.slice(1 + alt.end))) return false;
  return alt.options.some(isZeroLength);
}

/**
 * Matches one path component `name` against the start of `pattern`. Returns undefined for no match, `[]` when
 * the pattern is used up, or the patterns left for the next components (alternatives can leave several).
 */
export function matchComponent(pattern: string, name: string): string[] | undefined {
  let p = 0;
  let n = 0;
  while (p < pattern.length && n < name.length) {
    const pc = pattern.codePointAt(p) ?? 0;
    const nc = name.codePointAt(n) ?? 0;
    const pw = width(pattern, p);
    const nw = width(name, n);
    if (pc === 0x2f /* / */) {
      p++;
      break;
    }
    if (pc === 0x5c /* \ */) {
      p += pw;
      if (p >= pattern.length) throw new BadPatternError();
      if ((pattern.codePointAt(p) ?? 0) !== nc) return undefined;
      p += width(pattern, p);
      n += nw;
    } else if (pc === 0x2a /* * */) {
      return matchStar(pattern.slice(p + pw), name.slice(n));
    } else if (pc === 0x5b /* [ */) {
      const end = matchClass(pattern, p + pw, nc);
      if (end === undefined) return undefined;
      p = end;
      n += nw;
    } else if (pc === 0x7b /* { */) {
      return matchAlternatives(pattern.slice(p + pw), name.slice(n));
    } else if (pc === 0x3f /* ? */ || pc === nc) {
      p += pw;
      n += nw;
    } else {
      return undefined;
    }
  }
  if (n < name.length) return undefined;
  if (p >= pattern.length) return [];
  const rest = pattern.slice(p);
  const slash = indexUnescaped(rest, '/');
  if (!isZeroLength(slash < 0 ? rest : rest.slice(0, slash))) return undefined;
  return slash < 0 ? [] : [rest.slice(slash + 1)];
}

/** After a `*`: the rest of the component matches, or the rest of the pattern matches a non-empty suffix. */
function matchStar(rest: string, name: string): string[] | undefined {
  if (rest === '') return [];
  if (rest.startsWith('/')) return [rest.slice(1)];
  // doublestar never tries the empty suffix here, so `*{,x}` does not match `a`.
  for (let i = 0; i < name.length; i += width(name, i)) {
    const m = matchComponent(rest, name.slice(i));
    if (m !== undefined) return m;
  }
  return undefined;
}

/** `{a,b}rest`: every alternative is tried, and the leftover patterns of all matching ones are returned. */
function matchAlternatives(afterBrace: string, name: string): string[] | undefined {
  const alt = splitAlternatives(afterBrace);
  if (alt === undefined) throw new BadPatternError();
  const tail = afterBrace.slice(alt.end);
  let matched = false;
  const leftovers: string[] = [];
  for (const option of alt.options) {
    const m = matchComponent(option + tail, name);
    if (m === undefined) continue;
    matched = true;
    leftovers.push(...m);
  }
  return matched ? leftovers : undefined;
}

/** `[...]` starting at `start` (just past `[`): the index after `]` when `c` is in the class. */
function matchClass(pattern: string, start: number, c: number): number | undefined {
  const endRel = indexUnescaped(pattern.slice(start), ']');
  if (endRel < 0) throw new BadPatternError();
  // Code points, not graphemes: doublestar compares runes.
  const runes = Array.from(pattern.slice(start, start + endRel), (r) => r.codePointAt(0) ?? 0);
  if (runes.length === 0) throw new BadPatternError();
  const negated = runes[0] === 0x5e; /* ^ */
  let i = negated ? 1 : 0;
  let inClass = false;
  const take = (): number => {
    let r = runes[i++] as number;
    if (r === 0x5c /* \ */) {
      if (i >= runes.length) throw new BadPatternError();
      r = runes[i++] as number;
    }
    return r;
  };
  while (i < runes.length) {
    if (runes[i] === 0x2d /* - */) throw new BadPatternError();
    const low = take();
    let high = low;
    if (i < runes.length && runes[i] === 0x2d) {
      i++;
      if (i >= runes.length || runes[i] === 0x2d) throw new BadPatternError();
      high = take();
    }
    if (low <= c && c <= high) inClass = true;
  }
  return inClass === negated ? undefined : start + endRel + 1;
}
