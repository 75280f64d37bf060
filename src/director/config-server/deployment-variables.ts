import { kindOf, type YamlValue } from '../../base/yaml/value.js';
import { formatGoScalarText } from '../../core/interpolate/scalar-text.js';
import type { Variable } from '../../core/manifest/types.js';
import type { VariableRecord, VariableRepo, VariableSetRecord } from '../../ports/director-store.js';
import type { DirectorConfigServer, GenerationMode } from './config-server.js';
import { ConfigServerError, absoluteName, nameRoot, validateVariableName } from './names.js';

export interface DeploymentRef {
  readonly id: number;
  readonly name: string;
}

/** One entry of a manifest's `variables:` section, as the director reads it. */
export interface VariableSpec {
  readonly name: string;
  readonly type: string;
  readonly options: YamlValue;
  /** `update_mode`; default no-overwrite, or converge with `features.converge_variables`. */
  readonly updateMode?: GenerationMode;
  /** `update.strategy`; default on-deploy. */
  readonly updateStrategy?: 'on-deploy' | 'on-stemcell-change';
}

const MODES: readonly string[] = ['no-overwrite', 'overwrite', 'converge'];
const STRATEGIES: readonly string[] = ['on-deploy', 'on-stemcell-change'];

/**
 * The manifest's parsed `variables:` as generation takes them, every entry checked before any is generated: a
 * name that is not a string, an unknown `update_mode` or `update.strategy` fail with the director's texts.
 */
export function variableSpecsOf(variables: readonly Variable[]): VariableSpec[] {
  return variables.map((v) => {
    if (typeof v.nameValue !== 'string') {
      const shown =
        v.nameValue instanceof Map || Array.isArray(v.nameValue)
          ? kindOf(v.nameValue)
          : formatGoScalarText(v.nameValue);
      throw new ConfigServerError(
        `Property 'name' value (${shown}) did not match the required type 'String'`,
      );
    }
    const mode = v.updateMode ?? undefined;
    if (mode !== undefined && !MODES.includes(mode))
      throw new ConfigServerError(`Invalid update_mode '${mode}' for variable '${v.name}'`);
    const strategy = v.updateStrategy;
    if (strategy !== undefined && (typeof strategy !== 'string' || !STRATEGIES.includes(strategy)))
      throw new ConfigServerError(`Invalid update strategy for variable '${v.name}'`);
    return {
      name: v.name,
      type: v.type,
      options: v.options,
      ...(mode === undefined ? {} : { updateMode: mode as GenerationMode }),
      ...(strategy === undefined ? {} : { updateStrategy: strategy as 'on-deploy' | 'on-stemcell-change' }),
    };
  });
}

export interface GenerateOptions {
  /** `features.converge_variables: true`. */
  readonly convergeVariables?: boolean;
  /** Every stemcell changes in this deploy, or `--force-latest-variables`: on-stemcell-change variables move on. */
  readonly stemcellChange?: boolean;
}

export interface DeploymentVariablesDeps {
  readonly server: DirectorConfigServer;
  readonly variableSets: VariableRepo;
  readonly directorName: string;
}

/** The variable set's local entry for a name (BOSH's find_variable_by_name). */
export async function findInSet(
  sets: VariableRepo,
  setId: number,
  name: string,
): Promise<VariableRecord | undefined> {
  return (await sets.list(setId)).find((v) => v.isLocal && v.variableName === name);
}

/**
 * BOSH's generate_values: at the start of a deploy, every `variables:` entry gets a version in the deployment's
 * current (writable) variable set: the newest one (generated if missing, per update mode) for on-deploy
 * variables, the previous set's version for on-stemcell-change ones unless stemcells change or the previous set
 * lacks it. A certificate's `ca` is namespaced like any name. Returns the specs as used (absolute `ca`).
 */
export async function generateDeploymentValues(
  deps: DeploymentVariablesDeps,
  deployment: DeploymentRef,
  specs: readonly VariableSpec[],
  options: GenerateOptions = {},
): Promise<VariableSpec[]> {
  const [current, previous] = await deps.variableSets.sets(deployment.id);
  if (!current) throw new ConfigServerError(`Deployment '${deployment.name}' has no variable set`);
  const used: VariableSpec[] = [];
  for (const spec of specs) {
    validateVariableName(spec.name);
    const name = absoluteName(spec.name, deps.directorName, deployment.name);
    const strategy = spec.updateStrategy ?? 'on-deploy';
    const previousVersion = previous && (await findInSet(deps.variableSets, previous.id, name));
    let usedSpec = spec;
    let variableId: string;
    if (previousVersion && strategy === 'on-stemcell-change' && options.stemcellChange !== true) {
      variableId = previousVersion.variableId;
    } else {
      if (!current.writable) {
        throw new ConfigServerError(
          `Variable '${nameRoot(name)}' cannot be generated. Variable generation allowed only during deploy action`,
        );
      }
      usedSpec = withAbsoluteCa(spec, deps.directorName, deployment.name);
      const mode = spec.updateMode ?? (options.convergeVariables === true ? 'converge' : 'no-overwrite');
      variableId = (await deps.server.generate(name, spec.type, usedSpec.options, mode)).id;
    }
    await recordVersion(deps.variableSets, current, nameRoot(name), variableId);
    used.push(usedSpec);
  }
  return used;
}

/** Adds name → id to the set unless the name is there already (BOSH ignores that unique violation). */
export async function recordVersion(
  sets: VariableRepo,
  set: VariableSetRecord,
  name: string,
  variableId: string,
): Promise<VariableRecord> {
  const existing = await findInSet(sets, set.id, name);
  if (existing) return existing;
  try {
    return await sets.add({
      variableSetId: set.id,
      variableName: name,
      variableId,
      isLocal: true,
      providerDeployment: '',
    });
  } catch (e) {
    const raced = await findInSet(sets, set.id, name);
    if (raced) return raced;
    throw e;
  }
}

/** `bosh variables`: every (id, name) recorded in any of the deployment's variable sets, once, newest set first. */
export async function listDeploymentVariables(
  sets: VariableRepo,
  deployment: DeploymentRef,
): Promise<{ id: string; name: string }[]> {
  const seen = new Set<string>();
  const out: { id: string; name: string }[] = [];
  for (const set of await sets.sets(deployment.id)) {
    for (const v of await sets.list(set.id)) {
      const key = JSON.stringify([v.variableId, v.variableName]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ id: v.variableId, name: v.variableName });
    }
  }
  return out;
}

function withAbsoluteCa(spec: VariableSpec, director: string, deployment: string): VariableSpec {
  const ca = spec.options instanceof Map ? spec.options.get('ca') : undefined;
  if (spec.type !== 'certificate' || typeof ca !== 'string' || !(spec.options instanceof Map)) return spec;
  const options = new Map(spec.options);
  options.set('ca', absoluteName(ca, director, deployment));
  return { ...spec, options };
}
