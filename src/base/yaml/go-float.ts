/**
 * Go's strconv.FormatFloat(f, 'g', -1, 64) as yaml.v2 prints floats, with its YAML spellings for the
 * specials. Shortest round-trip digits (JS and Go both pick the closest shortest decimal), then %e when the
 * decimal exponent is < -4 or >= 6 — with shortest formatting Go compares against precision 6, not the
 * digit count — and %e always has at least two exponent digits: 1e+06, 1e-07, 1.5e+20, 5e-324.
 */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Number.POSITIVE_INFINITY) return '.inf';
  if (f === Number.NEGATIVE_INFINITY) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const sign = f < 0 ? '-' : '';
  const [mantissa = '', exponent = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const absExp = Math.abs(exp);
    return `${sign}${digits[0] ?? ''}${frac}e${exp < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  }
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
