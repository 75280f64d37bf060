/** A JSON scalar as Ruby's `to_s` would print it (`7` → "7"); anything else as its JSON text. */
export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
