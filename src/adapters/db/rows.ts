/** Conversions between rows and the port's records: booleans, JSON columns, times, constraint errors. */

/** A boolean column as read: 0/1 from SQLite, true/false from PostgreSQL. */
export const fromDbBool = (value: number | boolean): boolean => value === true || value === 1;

/** A boolean as written: 0/1, which SQLite stores as is and PostgreSQL accepts for a boolean. */
export const toDbBool = (value: boolean): number => (value ? 1 : 0);

/** Times are whole Unix seconds in the tables (callers may pass a fraction). */
export const wholeSeconds = (time: number): number => Math.floor(time);

/** JSON text of a value; `null` for what JSON cannot hold (undefined, a function). */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return text ?? 'null';
}

function parseJson(text: string, column: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`Column ${column} does not hold JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function jsonValue(text: string, column: string): unknown {
  return parseJson(text, column);
}

export function jsonObject(text: string, column: string): Record<string, unknown> {
  const value = parseJson(text, column);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`Column ${column} does not hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function jsonStrings(text: string, column: string): string[] {
  const value = parseJson(text, column);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`Column ${column} does not hold a JSON array of strings`);
  }
  return value;
}

/** A unique or primary-key violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null || !('code' in e)) return false;
  const { code } = e;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** How many rows an update or delete changed (kysely reports a bigint). */
export const changed = (result: {
  readonly numUpdatedRows?: bigint;
  readonly numDeletedRows?: bigint;
}): number => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
