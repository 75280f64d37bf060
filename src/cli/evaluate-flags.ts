import { FsVarsStore } from '../adapters/vars-store/fs-vars-store.js';
import { StaticVariables } from '../core/interpolate/static-variables.js';
import { evaluateTemplate, type EvaluateOptions } from '../core/interpolate/template.js';
import { definitionNamed, MultiVariables, type Variables } from '../core/interpolate/variables.js';
import type { CliDeps } from './commands/command.js';
import { allOps, type OpsFlags } from './ops-flags.js';
import { staticVariableEntries, type VarFlags } from './var-flags.js';

const NO_CHECKS: EvaluateOptions = { expectAllKeys: false, expectAllVarsUsed: false };

/**
 * bosh-cli `NewTemplate(bytes).Evaluate(opts.VarFlags.AsVariables(), opts.OpsFlags.AsOp(), ...)`: ops files,
 * then `-v`/`-l`/`--var-file`/`--vars-env` values, then the `--vars-store` (which generates missing credentials).
 */
export async function evaluateWithFlags(
  template: string,
  flags: VarFlags & OpsFlags,
  deps: Pick<CliDeps, 'fs' | 'credentials'>,
  options: EvaluateOptions = NO_CHECKS,
): Promise<string> {
  const sources: Variables[] = [new StaticVariables(staticVariableEntries(flags))];
  const store =
    flags.varsStore !== undefined ? new FsVarsStore(deps.fs, flags.varsStore, deps.credentials) : undefined;
  if (store) sources.push(store);
  const vars = new MultiVariables(sources);
  if (store) store.caLookup = (name) => vars.get(definitionNamed(name));
  try {
    return await evaluateTemplate(template, allOps(flags), vars, options);
  } finally {
    await store?.flush();
  }
}
