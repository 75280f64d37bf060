/** Binding manifest properties over a release job's property definitions, as the director does before rendering. */

/** A `properties:` entry of a job spec. */
export interface PropertyDefinition {
  readonly default?: unknown;
  readonly description?: string;
  readonly type?: string;
  readonly example?: unknown;
}

export type PropertyDefinitions = Readonly<Record<string, PropertyDefinition | null>>;
export type PropertyHash = Record<string, unknown>;

/** Thrown when a nested property name walks through a non-hash value (BOSH InvalidPropertyType). */
class InvalidPropertyTypeError extends Error {
  constructor(name: string, found: unknown) {
    super(`Property '${name}' expects a hash, but received '${rubyClassName(found)}'`);
    this.name = 'InvalidPropertyTypeError';
  }
}

export function isHash(value: unknown): value is PropertyHash {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The class name Ruby would print for a value decoded from JSON/YAML. */
function rubyClassName(value: unknown): string {
  if (value === null || value === undefined) return 'NilClass';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return value ? 'TrueClass' : 'FalseClass';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  if (typeof value === 'bigint') return 'Integer';
  if (Array.isArray(value)) return 'Array';
  return 'Hash';
}

/** `a.b.c` lookup; `undefined` when any step is missing or null (a non-hash step is a miss, too). */
export function lookupProperty(collection: unknown, name: string): unknown {
  let ref: unknown = collection;
  for (const key of name.split('.')) {
    if (!isHash(ref)) return undefined;
    ref = ref[key];
    if (ref === undefined || ref === null) return undefined;
  }
  return ref;
}

/** Fails like BOSH when a step of `name` that still has keys below it is not a hash. */
function validatePropertyFormat(properties: PropertyHash, name: string): void {
  let ref: unknown = properties;
  for (const key of name.split('.')) {
    if (!isHash(ref)) throw new InvalidPropertyTypeError(name, ref);
    ref = ref[key];
    if (ref === undefined || ref === null) return;
  }
}

/** Ruby `Hash#sort.to_h` applied recursively to hashes (arrays are left as they are). */
export function sortProperty(value: unknown): unknown {
  if (!isHash(value)) return value;
  const out: PropertyHash = {};
  for (const key of Object.keys(value).sort(byteCompare)) out[key] = sortProperty(value[key]);
  return out;
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function setProperty(dst: PropertyHash, name: string, value: unknown): void {
  const keys = name.split('.');
  const last = keys.pop() ?? name;
  let ref = dst;
  for (const key of keys) {
    const next = ref[key];
    if (isHash(next)) {
      ref = next;
    } else {
      const created: PropertyHash = {};
      ref[key] = created;
      ref = created;
    }
  }
  ref[last] = value;
}

/**
 * Only properties the job declares survive; each takes the manifest value or else the spec default (or nil),
 * hashes sorted by key. Values are copied, so templates cannot mutate the caller's data.
 */
export function bindJobProperties(definitions: PropertyDefinitions, provided: PropertyHash): PropertyHash {
  const bound: PropertyHash = {};
  for (const [name, definition] of Object.entries(definitions)) {
    validatePropertyFormat(provided, name);
    const given = lookupProperty(provided, name);
    const value = given === undefined ? (definition?.default ?? null) : given;
    setProperty(bound, name, structuredClone(sortProperty(value)));
  }
  return bound;
}
