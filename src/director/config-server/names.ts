import type { YamlValue } from '../../base/yaml/value.js';

/**
 * Variable names as BOSH's ConfigServerHelper checks them, namespacing of relative names and the `((a.b.c))` walk
 * into a fetched value, with the director's messages.
 */

export class ConfigServerError extends Error {
  override readonly name = 'ConfigServerError';
}

/** A name of the manifest's `variables:` section: letters, digits, `_`, `-`, `/`; no trailing or double `/`. */
export function validateVariableName(name: string): void {
  if (!/^[a-zA-Z0-9_\-/]+$/.test(name)) throw syntaxError(name);
  checkSlashes(name);
}

/** The name inside `((...))` (dots and a leading `!` allowed); returns it without the `!`. */
export function placeholderName(name: string): string {
  if (!/^[a-zA-Z0-9_\-.!/]+$/.test(name)) throw syntaxError(name);
  checkSlashes(name);
  const lastSlash = name.lastIndexOf('/');
  if (name.slice(0, lastSlash + 1).includes('.')) {
    throw new ConfigServerError(
      `Variable name '${name}' syntax error: Must not contain dots before the last slash`,
    );
  }
  const tail = name.slice(lastSlash + 1);
  const dotError = tail.startsWith('.')
    ? 'Must not have segment starting with a dot'
    : tail.endsWith('.')
      ? 'Must not end name with a dot'
      : tail.includes('..')
        ? 'Must not contain consecutive dots'
        : undefined;
  if (dotError) throw new ConfigServerError(`Variable name '${name}' syntax error: ${dotError}`);
  const bangs = name.split('!').length - 1;
  if (bangs > 1 || (bangs === 1 && (!name.startsWith('!') || name.length === 1))) {
    throw new ConfigServerError(
      `Variable name '${name}' contains invalid character '!'. If it is included for spiff, it should only be at ` +
        'the beginning of the name. Note: it will not be considered a part of the name',
    );
  }
  return name.replace(/^!/, '');
}

/** `/<director>/<deployment>/<name>` for a relative name; an absolute one as is. */
export function absoluteName(name: string, directorName: string, deploymentName: string): string {
  return name.startsWith('/') ? name : `/${directorName}/${deploymentName}/${name}`;
}

/** The stored name a dotted reference reads (`/d/x.ca` → `/d/x`). */
export function nameRoot(name: string): string {
  return name.split('.')[0] ?? name;
}

/** The `.a.b` path of a dotted reference inside the fetched value, with BOSH's errors. */
export function extractVariableValue(name: string, value: YamlValue): YamlValue {
  const [root = name, ...tokens] = name.split('.');
  let current = value;
  tokens.forEach((token, i) => {
    const parent = [root, ...tokens.slice(0, i)].join('.');
    const prefix = `Failed to fetch variable '${root}' from config server: Expected parent '${parent}'`;
    if (!(current instanceof Map)) throw new ConfigServerError(`${prefix} to be a hash`);
    if (!current.has(token)) throw new ConfigServerError(`${prefix} hash to have key '${token}'`);
    current = current.get(token) ?? null;
  });
  return current;
}

function syntaxError(name: string): ConfigServerError {
  return new ConfigServerError(
    `Variable name '${name}' must only contain alphanumeric, underscores, dashes, or forward slash characters`,
  );
}

function checkSlashes(name: string): void {
  if (name.endsWith('/'))
    throw new ConfigServerError(`Variable name '${name}' must not end with a forward slash`);
  if (name.includes('//')) {
    throw new ConfigServerError(`Variable name '${name}' must not contain two consecutive forward slashes`);
  }
}
