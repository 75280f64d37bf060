/**
 * BOSH's VariablesInterpolator for a deploy: every job's properties (its own, else the group's over the global ones)
 * and the group's VM env with their `((variables))` read through the deployment's variable set, which pins each
 * value's version (start, stop and recreate read the same values; a new version only arrives with a deploy). The
 * values stay in memory: the planner gets a hash of them and nothing here logs or stores them.
 */
import { createHash } from 'node:crypto';
import { memoFor, memoPromise } from '../../base/memo-promise.js';
import { isMap, type YamlMap, type YamlValue } from '../../base/yaml/value.js';
import { BoshError } from '../../core/errors.js';
import { collectVarNames } from '../../core/interpolate/interpolator.js';
import type { InstanceGroup, JobSpec } from '../../core/manifest/types.js';
import { canonical, jobProperties } from '../../core/planner/desired.js';
import { groupRenderErrorMessage, prependHeaderAndIndentBody } from '../../core/templates/error-format.js';
import type { VariableSetRecord } from '../../ports/director-deploy-store.js';
import { ConfigServerError, interpolateForDeployment, type DeploymentRef } from '../config-server/index.js';
import type { Resolved } from '../deploy/prepare.js';
import { variablesDeps, type DeployDeps } from '../deploy/types.js';
import type { DeploymentRun } from './deployment-run.js';

/** Where interpolation reads: the config server, through one variable set of the deployment. */
interface Scope {
  readonly deps: DeployDeps;
  readonly deployment: DeploymentRef;
  readonly set: VariableSetRecord;
}

type GroupProperties =
  | { readonly ok: true; readonly jobs: ReadonlyMap<string, YamlMap> }
  /** BOSH's whole render error for the group (`Unable to render instance groups for deployment. ...`). */
  | { readonly ok: false; readonly error: string };

/**
 * One interpolation per (variable set, group): planning and every render of the deploy share it, as BOSH's
 * interpolator caches by job. A set record is made per deploy, so nothing outlives it.
 */
const cache = new WeakMap<VariableSetRecord, Map<string, Promise<GroupProperties>>>();

/** The same for each group's VM env (interpolatedEnv), read on every create_vm. */
const envCache = new WeakMap<VariableSetRecord, Map<string, Promise<YamlValue>>>();

const groupProperties = (s: Scope, global: YamlMap, g: InstanceGroup): Promise<GroupProperties> =>
  memoPromise(memoFor(cache, s.set), g.name, () => interpolateGroup(s, global, g));

/** `interpolate_template_spec_properties`: every job tried, the failures reported together in BOSH's layout. */
async function interpolateGroup(s: Scope, global: YamlMap, g: InstanceGroup): Promise<GroupProperties> {
  const jobs = new Map<string, YamlMap>();
  const errors: string[] = [];
  for (const j of g.jobs) {
    const raw = jobProperties(global, g, j);
    try {
      const value = await interpolate(s, raw);
      jobs.set(j.name, isMap(value) ? value : raw);
    } catch (e) {
      if (!(e instanceof ConfigServerError)) throw e;
      const header = `- Unable to render templates for job '${j.name}'. Errors are:`;
      errors.push(prependHeaderAndIndentBody(header, e.message.trim()));
    }
  }
  if (errors.length === 0) return { ok: true, jobs };
  return { ok: false, error: groupRenderErrorMessage(g.name, errors) };
}

async function interpolate(s: Scope, doc: YamlMap): Promise<YamlValue> {
  const deps = variablesDeps(s.deps);
  // No config server: BOSH's DisabledClient leaves every placeholder as written.
  if (deps === undefined) return doc;
  return interpolateForDeployment(deps, doc, s.deployment, s.set);
}

const usesVariables = (v: YamlValue): boolean => collectVarNames(v).size > 0;

/**
 * `r` with the planner's properties digest of each group that uses variables: a SHA-256 of its interpolated
 * properties, so a new value is a configuration change (BOSH sees it in the rendered templates' hash) while a
 * re-deploy with the same values changes nothing; the digest of the text as written would hide a new value. Being a
 * hash, it keeps the stored spec free of secrets. Groups without variables, or whose variables fail (rendering
 * reports that), keep the planner's own digest.
 */
export async function withPropertiesDigests(
  deps: DeployDeps,
  r: Resolved,
  deployment: DeploymentRef,
  set: VariableSetRecord,
): Promise<Resolved> {
  if (deps.configServer === undefined) return r;
  const global = r.manifest.properties;
  const digests: Record<string, string> = {};
  for (const g of r.manifest.instanceGroups) {
    if (!g.jobs.some((j) => usesVariables(jobProperties(global, g, j)))) continue;
    const result = await groupProperties({ deps, deployment, set }, global, g);
    if (!result.ok) continue;
    const text = g.jobs.map((j) => `${j.name}=${canonical(result.jobs.get(j.name) ?? new Map())}`).join(';');
    digests[g.name] = `sha256:${createHash('sha256').update(text).digest('hex')}`;
  }
  return { ...r, propertiesDigests: digests };
}

/** The properties job `j` of group `g` is rendered with, variables resolved; BOSH's render error if one fails. */
export async function renderProperties(run: DeploymentRun, g: InstanceGroup, j: JobSpec): Promise<YamlMap> {
  const global = run.r.manifest.properties;
  const result = await groupProperties(scopeOf(run), global, g);
  if (!result.ok) throw new BoshError('DirectorError', result.error);
  return result.jobs.get(j.name) ?? jobProperties(global, g, j);
}

/**
 * The env create_vm gets (`env.bosh.password: ((vm_password))` and the like), variables resolved. Only the CPI sees
 * it: the VM row and the planner keep the env as written, as BOSH compares `env_json` with the manifest's.
 */
export async function interpolatedEnv(run: DeploymentRun, g: InstanceGroup): Promise<YamlMap> {
  const s = scopeOf(run);
  // A failure is not kept: the next VM tries again, as each did before the cache.
  const value = await memoPromise(memoFor(envCache, s.set), g.name, () => interpolate(s, g.env), {
    forgetFailure: true,
  });
  return isMap(value) ? value : g.env;
}

const scopeOf = (run: DeploymentRun): Scope => ({
  deps: run.deps,
  deployment: run.deployment,
  set: run.varSet,
});
