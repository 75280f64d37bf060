/**
 * yaml.v2's parseTimestamp: a scalar is a timestamp when Go's time.Parse accepts it with one of four
 * layouts. Decoding keeps such values as strings, but the emitter must double-quote them, so we only need
 * the yes/no answer — computed with time.Parse's rules: 1–2 digit month/day/hour/minute/second, optional
 * fraction (`.` or `,`), `Z` or `±hh:mm`, range checks including the day of the month.
 */
type Separator = 'T' | 't' | ' ' | '';

const LAYOUTS: readonly { sep: Separator; zone: boolean }[] = [
  { sep: 'T', zone: true }, // 2006-1-2T15:4:5.999999999Z07:00
  { sep: 't', zone: true }, // 2006-1-2t15:4:5.999999999Z07:00
  { sep: ' ', zone: false }, // 2006-1-2 15:4:5.999999999
  { sep: '', zone: false }, // 2006-1-2
];

export function isGoTimestamp(s: string): boolean {
  // Quick check from yaml.v2: exactly four digits, then '-'.
  let i = 0;
  while (i < s.length && isDigitAt(s, i)) i++;
  if (i !== 4 || s.charCodeAt(4) !== 0x2d) return false;
  return LAYOUTS.some((layout) => matches(s, layout.sep, layout.zone));
}

function matches(s: string, sep: Separator, zone: boolean): boolean {
  const c = new Cursor(s, 4);
  const year = Number(s.slice(0, 4));
  if (!c.literal('-')) return false;
  const month = c.num();
  if (month === null || !c.literal('-')) return false;
  const day = c.num();
  if (day === null) return false;
  if (month < 1 || month > 12) return false;
  if (sep !== '') {
    if (!c.literal(sep)) return false;
    const hour = c.num();
    if (hour === null || hour >= 24 || !c.literal(':')) return false;
    const minute = c.num();
    if (minute === null || minute >= 60 || !c.literal(':')) return false;
    const second = c.num();
    if (second === null || second >= 60) return false;
    c.fraction();
    if (zone && !c.zone()) return false;
  }
  if (c.pos !== s.length) return false;
  return day >= 1 && day <= daysIn(month, year);
}

class Cursor {
  constructor(
    readonly s: string,
    public pos: number,
  ) {}

  literal(text: string): boolean {
    if (!this.s.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /** Go's getnum(value, false): one digit, or two if the second is a digit. */
  num(): number | null {
    if (!isDigitAt(this.s, this.pos)) return null;
    const first = this.s.charCodeAt(this.pos) - 0x30;
    if (!isDigitAt(this.s, this.pos + 1)) {
      this.pos += 1;
      return first;
    }
    const value = first * 10 + this.s.charCodeAt(this.pos + 1) - 0x30;
    this.pos += 2;
    return value;
  }

  /** Optional `.ddd` / `,ddd`: present only when a digit follows the separator. */
  fraction(): void {
    const c = this.s.charCodeAt(this.pos);
    if ((c === 0x2e || c === 0x2c) && isDigitAt(this.s, this.pos + 1)) {
      this.pos += 2;
      while (isDigitAt(this.s, this.pos)) this.pos++;
    }
  }

  /** `Z`, or `±hh:mm` with hh ≤ 24 and mm ≤ 60 (time.Parse's lenient offset ranges). */
  zone(): boolean {
    if (this.literal('Z')) return true;
    const rest = this.s.slice(this.pos, this.pos + 6);
    if (rest.length < 6 || rest[3] !== ':') return false;
    const sign = rest[0];
    if (![1, 2, 4, 5].every((k) => isDigitAt(rest, k))) return false;
    const hh = Number(rest.slice(1, 3));
    const mm = Number(rest.slice(4, 6));
    if (hh > 24 || mm > 60 || (sign !== '+' && sign !== '-')) return false;
    this.pos += 6;
    return true;
  }
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
