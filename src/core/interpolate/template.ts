import { wrapError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { parseYaml } from '../../base/yaml/parse.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { extractDefinitions } from './definitions.js';
import { interpolate } from './interpolator.js';
import { lookupDotted } from './lookup-dotted.js';
import { applyOps, type Op } from './patch/op.js';
import { RemoveOp } from './patch/remove-op.js';
import { Pointer } from './patch/pointer.js';
import type { Variables } from './variables.js';
import { VarsTracker } from './vars-tracker.js';

export interface EvaluateOptions {
  /** `--var-errs`: every referenced variable must be found. */
  readonly expectAllKeys: boolean;
  /** `--var-errs-unused`: every provided variable must be used. */
  readonly expectAllVarsUsed: boolean;
  /** `--path`: applied after interpolation; a string result is printed raw, not as YAML. */
  readonly postVarSubstitutionOp?: Op;
}

/**
 * `bosh interpolate` (director/template Evaluate): parse the manifest, apply the ops files, generate and
 * substitute variables, then print YAML. Pure: variable sources and credential generation come in as `vars`.
 */
export async function evaluateTemplate(
  manifest: string,
  ops: readonly Op[],
  vars: Variables,
  options: EvaluateOptions,
): Promise<string> {
  let doc = parseYaml(manifest);
  doc = applyOps(doc, ops);
  doc = await interpolateRoot(doc, vars, options);
  if (options.postVarSubstitutionOp) {
    doc = options.postVarSubstitutionOp.apply(doc);
    // Printing YAML-escaped multi-line strings (certificates, keys) would not be useful.
    if (typeof doc === 'string') return doc + '\n';
  }
  return emitYaml(doc);
}

async function interpolateRoot(
  doc: YamlValue,
  vars: Variables,
  options: EvaluateOptions,
): Promise<YamlValue> {
  const defs = extractDefinitions(doc);
  const tracker = new VarsTracker(vars, defs);
  await vars.prepare?.(defs);
  // Every typed definition is fetched in order first: this is what generates values, so a CA must precede the
  // certificates it signs.
  for (const def of defs) {
    if (def.type === '') continue;
    try {
      await tracker.get(def.name);
    } catch (e) {
      throw wrapError(e, 'Getting all variables from variable definitions sections');
    }
  }
  let result = await interpolate(doc, (name) => lookupDotted(tracker, name));
  const foundNames: string[] = [];
  for (const def of defs) {
    try {
      if ((await tracker.get(def.name)).found) foundNames.push(def.name);
    } catch (e) {
      throw wrapError(e, 'Getting all variables from variable definitions sections');
    }
  }
  for (const name of foundNames) {
    const path = new Pointer([
      { kind: 'root' },
      { kind: 'key', key: 'variables', optional: false },
      { kind: 'matching-index', key: 'name', value: name, optional: false, modifiers: [] },
    ]);
    result = new RemoveOp(path).apply(result);
  }
  const err = await tracker.errors(options.expectAllKeys, options.expectAllVarsUsed);
  if (err) throw err;
  return result;
}
