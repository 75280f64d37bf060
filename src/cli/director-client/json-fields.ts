/**
 * Reading director JSON as Go's encoding/json fills bosh-cli's response structs: field names match exactly or
 * case-insensitively, missing and null fields are zero values, unknown fields are ignored.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

export function field(o: unknown, key: string): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const rec = o as JsonObject;
  if (Object.hasOwn(rec, key)) return rec[key];
  const lower = key.toLowerCase();
  const found = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : rec[found];
}

export function str(o: unknown, key: string): string {
  const v = field(o, key);
  return typeof v === 'string' ? v : '';
}

export function int(o: unknown, key: string): number {
  const v = field(o, key);
  return typeof v === 'number' ? Math.trunc(v) : 0;
}

export function bool(o: unknown, key: string): boolean {
  return field(o, key) === true;
}

export function list(o: unknown, key?: string): unknown[] {
  const v = key === undefined ? o : field(o, key);
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function strings(o: unknown, key: string): string[] {
  return list(o, key).map((v) => (typeof v === 'string' ? v : ''));
}

/** A JSON object (Go map[string]interface{}), or undefined. */
export function record(o: unknown, key: string): JsonObject | undefined {
  const v = field(o, key);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}
