/** A provider's link properties (`LinkHelpers#process_link_properties`). */
import { isHash, setProperty, type PropertyHash } from '../templates/properties.js';

/** The value at `path`, walking hashes only; a key that is present with a null value is found. */
function findProperty(path: readonly string[], properties: unknown): { found: boolean; value: unknown } {
  let node = properties;
  for (const key of path) {
    if (!isHash(node) || !Object.hasOwn(node, key)) return { found: false, value: null };
    node = node[key];
  }
  return { found: true, value: node };
}

/**
 * Each listed property from the job's properties, else the spec's default for it (nil without one); a property the
 * spec does not define at all is an error, in BOSH's words.
 */
export function mapLinkProperties(
  jobProperties: PropertyHash,
  list: unknown,
  definitions: unknown,
  jobName: string,
): { properties: PropertyHash; errors: string[] } {
  const properties: PropertyHash = {};
  const errors: string[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const name = String(item);
    const result = findProperty(name.split('.'), jobProperties);
    if (result.found) {
      setProperty(properties, name, structuredClone(result.value));
      continue;
    }
    // BOSH tests the definition for truth: a property listed with an empty (nil) definition counts as undefined.
    const definition = isHash(definitions) ? definitions[name] : undefined;
    if (definition !== undefined && definition !== null) {
      const fallback = isHash(definition) ? definition['default'] : undefined;
      setProperty(properties, name, structuredClone(fallback ?? null));
    } else {
      errors.push(`Link property ${name} in template ${jobName} is not defined in release spec`);
    }
  }
  return { properties, errors };
}
