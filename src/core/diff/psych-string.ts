/**
 * How Psych (Ruby's YAML, 5.3) asks libyaml to write a String: `YAMLTree#visit_String` picks a style, using
 * `ScalarScanner#tokenize` to quote strings that would load back as something else (`'yes'`, `'1.5'`).
 */
import type { PsychScalar } from './yaml-node.js';

const WORD = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}]/u;
const STRINGY = /[^0-9.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/uy;
const NOT_YTONF = /[^ytonf~]/iuy;
const NULL = /null(?=\n|$)/iuy;
const TRUE = /(?:yes|true|on)(?=\n|$)/iuy;
const FALSE = /(?:no|false|off)(?=\n|$)/iuy;
const TIME =
  /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t\v\f\r]+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:[ \t\v\f\r]*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/;
const DATE = /^(\d{4})-(1[012]|0\d|\d)-([12]\d|3[01]|0\d|\d)$/;
const NON_STRING = [
  /^\+?\.inf$/i,
  /^-\.inf$/i,
  /^\.nan$/i,
  /^:[^\n]/u,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$/,
];
const FLOAT = /^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$/;
const INTEGER =
  /^(?:[-+]?0b[_,]*[0-1][0-1_,]*|[-+]?0[_,]*[0-7][0-7_,]*|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[_,]*[0-9a-fA-F][0-9a-fA-F_,]*)$/;

/** Where Ruby's `^` matches: the start, and after every "\n" that is not the last character. */
function lineStarts(s: string): number[] {
  const starts = [0];
  for (let i = 0; i < s.length - 1; i++) if (s[i] === '\n') starts.push(i + 1);
  return starts;
}

function atLineStart(s: string, sticky: RegExp): boolean {
  return lineStarts(s).some((p) => {
    sticky.lastIndex = p;
    return sticky.test(s);
  });
}

/** `o =~ /\n(?!\Z)/`: a newline that is not the last one or the one before a final newline. */
function hasInnerNewline(o: string): boolean {
  for (let i = o.indexOf('\n'); i >= 0; i = o.indexOf('\n', i + 1)) {
    const rest = o.length - i - 1;
    if (!(rest === 0 || (rest === 1 && o.endsWith('\n')))) return true;
  }
  return false;
}

/** `o =~ /^[^[:word:]][^"]*$/` with Ruby's line anchors. */
function nonWordLineWithoutQuote(o: string): boolean {
  return lineStarts(o).some((p) => {
    const first = String.fromCodePoint(o.codePointAt(p) ?? 0);
    if (p >= o.length || WORD.test(first)) return false;
    for (let j = p + first.length; j < o.length; j++) {
      if (o[j] === '\n') return true;
      if (o[j] === '"') return false;
    }
    return true;
  });
}

const leap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

function validDate(y: number, m: number, d: number): boolean {
  const days = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/** Whether `ScalarScanner#parse_time` succeeds (`Time.utc`/`Time.new` raise ArgumentError on bad fields). */
function validTime(s: string): boolean {
  const date = /^-?\d{4}-(\d{1,2})-(\d{1,2})/.exec(s);
  const time = /(\d+):(\d+):(\d+)(?:\.\d*)?[ \t\v\f\r]*(Z|[-+]\d+(?::\d\d)?)?/.exec(
    s.slice(date?.[0].length ?? 0),
  );
  if (!date || !time) return false;
  const [mon, day] = [Number(date[1]), Number(date[2])];
  const [hh, mm, ss] = [Number(time[1]), Number(time[2]), Number(time[3])];
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 24 || mm > 59 || ss > 60) return false;
  if (hh === 24 && (mm > 0 || ss > 0)) return false;
  const tz = time[4];
  if (tz === undefined || tz === 'Z') return true;
  const parts = /^([+-]?\d{1,2}):?(\d{1,2})?$/.exec(tz);
  const hours = Number(parts?.[1] ?? 0);
  const minutes = Number(parts?.[2] ?? 0) * 60;
  const offset = hours * 3600 + (hours < 0 ? -minutes : minutes);
  return offset > -86400 && offset < 86400;
}

/** Whether `ScalarScanner#tokenize(s)` returns something other than a String. */
export function tokenizesToNonString(s: string): boolean {
  if (s === '') return true;
  if (atLineStart(s, STRINGY) || s.includes('\n')) {
    if (Array.from(s).length > 5 || atLineStart(s, NOT_YTONF)) return false;
    return s === '~' || atLineStart(s, NULL) || atLineStart(s, TRUE) || atLineStart(s, FALSE);
  }
  if (TIME.test(s)) return validTime(s);
  const date = DATE.exec(s);
  if (date) return validDate(Number(date[1]), Number(date[2]), Number(date[3]));
  if (NON_STRING.some((re) => re.test(s))) return true;
  if (FLOAT.test(s)) return !/^[-+]?\.$/.test(s);
  return INTEGER.test(s);
}

/** `Psych::Visitors::YAMLTree#visit_String` for a plain UTF-8 String. */
export function psychString(o: string): PsychScalar {
  const scalar = (style: PsychScalar['style']): PsychScalar => ({
    value: o,
    tag: null,
    plainImplicit: true,
    quotedImplicit: true,
    style,
  });
  if (hasInnerNewline(o)) return scalar('literal');
  if (o === '<<') {
    const tag = { handle: '!!', suffix: 'str' };
    return { value: o, tag, plainImplicit: false, quotedImplicit: false, style: 'single' };
  }
  if (o === 'y' || o === 'Y' || o === 'n' || o === 'N') return scalar('double');
  if (nonWordLineWithoutQuote(o)) return scalar('double');
  if (tokenizesToNonString(o) || /^0[0-7]*[89]/.test(o)) return scalar('single');
  return scalar('plain');
}
