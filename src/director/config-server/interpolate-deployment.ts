import type { YamlKey, YamlValue } from '../../base/yaml/value.js';
import { collectVarNames, interpolate } from '../../core/interpolate/interpolator.js';
import type { VariableSetRecord } from '../../ports/director-store.js';
import {
  recordVersion,
  findInSet,
  type DeploymentRef,
  type DeploymentVariablesDeps,
} from './deployment-variables.js';
import { ConfigServerError, absoluteName, extractVariableValue, nameRoot, placeholderName } from './names.js';

/** The error a missing value gets (the text CredHub answers with a 404). */
export const NOT_FOUND_ERROR =
  'The request could not be completed because the credential does not exist or you do not have sufficient authorization.';

export interface InterpolateOptions {
  /** Cloud, runtime and CPI configs: only `((/absolute))` names. */
  readonly mustBeAbsoluteName?: boolean;
}

/**
 * BOSH's interpolate_with_versioning: resolves `((name))`, `((name.key))` and `((/abs))` in a copy of `doc`
 * through the variable set. A name the set already has reads that version (every later start, stop, recreate
 * gets the same value); otherwise, while the set is writable (a deploy), the newest version is read and recorded
 * in the set. Missing values are reported together, one `- ` line each.
 */
export async function interpolateForDeployment(
  deps: DeploymentVariablesDeps,
  doc: YamlValue,
  deployment: DeploymentRef,
  set: VariableSetRecord,
  options: InterpolateOptions = {},
): Promise<YamlValue> {
  const names = collectVarNames(doc, { keysFirst: true });
  if (names.size === 0) return copy(doc);
  if (options.mustBeAbsoluteName === true) {
    const relative = [...names].map(placeholderName).filter((n) => !n.startsWith('/'));
    if (relative.length > 0) {
      throw new ConfigServerError(
        'Relative paths are not allowed in this context. The following must be be switched to use absolute ' +
          `paths: ${relative.map((n) => `'${n}'`).join(', ')}`,
      );
    }
  }
  const values = new Map<string, YamlValue>();
  const errors: string[] = [];
  for (const name of names) {
    try {
      values.set(name, await resolve(deps, name, deployment, set));
    } catch (e) {
      if (!(e instanceof MissingValueError)) throw e;
      errors.push(`- ${e.message}`);
    }
  }
  if (errors.length > 0) throw new ConfigServerError(errors.join('\n'));
  return interpolate(copy(doc), (name) =>
    Promise.resolve(
      values.has(name) ? { found: true, value: values.get(name) ?? null } : { found: false, value: null },
    ),
  );
}

/** A fetch problem: collected with the others rather than thrown at once (BOSH's ConfigServerFetchError). */
class MissingValueError extends ConfigServerError {}

async function resolve(
  deps: DeploymentVariablesDeps,
  placeholder: string,
  deployment: DeploymentRef,
  set: VariableSetRecord,
): Promise<YamlValue> {
  const name = absoluteName(placeholderName(placeholder), deps.directorName, deployment.name);
  const root = nameRoot(name);
  const recorded = await findInSet(deps.variableSets, set.id, root);
  let found;
  if (recorded) {
    found = await deps.server.getById(recorded.variableId);
    if (!found) {
      throw new MissingValueError(
        `Failed to find variable '${root}' with id '${recorded.variableId}' from config server: ` +
          `HTTP Code '404', Error: '${NOT_FOUND_ERROR}'`,
      );
    }
  } else {
    if (!set.writable) {
      throw new ConfigServerError(
        `Expected variable '${root}' to be already versioned in deployment '${deployment.name}'`,
      );
    }
    found = await deps.server.getLatest(root);
    if (!found) {
      throw new MissingValueError(
        `Failed to find variable '${root}' from config server: HTTP Code '404', Error: '${NOT_FOUND_ERROR}'`,
      );
    }
    const kept = await recordVersion(deps.variableSets, set, root, found.id);
    if (kept.variableId !== found.id) found = await deps.server.getById(kept.variableId);
    if (!found) throw new MissingValueError(`Failed to find variable '${root}' with id '${kept.variableId}'`);
  }
  try {
    return extractVariableValue(name, found.value);
  } catch (e) {
    throw e instanceof ConfigServerError ? new MissingValueError(e.message) : e;
  }
}

/** The core interpolator replaces in place; the stored manifest must stay as written. */
function copy(node: YamlValue): YamlValue {
  if (node instanceof Map) {
    const out = new (node.constructor as new () => Map<YamlKey, YamlValue>)();
    for (const [k, v] of node) out.set(k, copy(v));
    return out;
  }
  return Array.isArray(node) ? node.map(copy) : node;
}
