import { describe, expect, it } from 'vitest';
import { formatGoFloat } from './go-float.js';

// Expected strings are what Go's strconv.FormatFloat(f, 'g', -1, 64) prints (yaml.v2 floatv),
// with yaml.v2's spellings for the specials.
const TABLE: readonly (readonly [number, string])[] = [
  [1, '1'],
  [1.5, '1.5'],
  [0.1, '0.1'],
  [1000, '1000'],
  [123456, '123456'],
  [999999, '999999'],
  [1e6, '1e+06'],
  [1234567, '1.234567e+06'],
  [1e20, '1e+20'],
  [1.5e20, '1.5e+20'],
  [1e21, '1e+21'],
  [6.02e23, '6.02e+23'],
  [Number('123456789.123456789'), '1.2345678912345679e+08'],
  [1e-4, '0.0001'],
  [0.00012, '0.00012'],
  [1e-5, '1e-05'],
  [1e-7, '1e-07'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [Number('0.333333333333333333'), '0.3333333333333333'],
  [-2.5, '-2.5'],
  [-1e6, '-1e+06'],
  [1.8446744073709552e19, '1.8446744073709552e+19'],
  [-9.223372036854776e18, '-9.223372036854776e+18'],
  [0, '0'],
  [-0, '-0'],
  [Number.POSITIVE_INFINITY, '.inf'],
  [Number.NEGATIVE_INFINITY, '-.inf'],
  [Number.NaN, '.nan'],
];

describe('formatGoFloat', () => {
  it.each(TABLE)('%s → %s', (value, expected) => {
    expect(formatGoFloat(value)).toBe(expected);
  });
});
