/**
 * Human-readable sizes as bosh-cli prints them (go-humanize): `Bytes` in SI units for the blob progress lines
 * (`1.0 kB`) and `IBytes` in IEC units for the Size column of tables (`1.0 KiB`). Below 10 bytes the plain count
 * is shown; otherwise one decimal below 10 units and none from 10 on.
 */
const SI_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** go-humanize Bytes: `53 B`, `1.0 kB`, `179 kB`, `83 MB`. */
export function siBytes(size: number): string {
  return humanate(size, 1000, SI_UNITS);
}

/** go-humanize IBytes: `53 B`, `1.0 KiB`, `79 MiB`. */
export function iecBytes(size: number): string {
  return humanate(size, 1024, IEC_UNITS);
}

function humanate(size: number, base: number, units: readonly string[]): string {
  const s = asUint64(size);
  if (s < 10) return `${s.toString()} B`;
  const e = Math.floor(Math.log(s) / Math.log(base));
  const unit = units[e] ?? units[units.length - 1] ?? '';
  // Rounded to tenths as Go does it: floor(x*10 + 0.5), kept as an integer count of tenths.
  const tenths = Math.floor((s / Math.pow(base, e)) * 10 + 0.5);
  if (tenths < 100) return `${Math.floor(tenths / 10).toString()}.${(tenths % 10).toString()} ${unit}`;
  return `${roundHalfEven(tenths).toString()} ${unit}`;
}

/** Go's `%.0f` of tenths/10: to the nearest integer, ties (x.5, exact in binary) to even. */
function roundHalfEven(tenths: number): number {
  const whole = Math.floor(tenths / 10);
  const rest = tenths % 10;
  if (rest > 5) return whole + 1;
  if (rest < 5) return whole;
  return whole % 2 === 0 ? whole : whole + 1;
}

/** Go's `uint64(size)` of an int64: a negative size wraps around. */
function asUint64(size: number): number {
  if (size >= 0) return size;
  return Number(BigInt.asUintN(64, BigInt(Math.trunc(size))));
}
