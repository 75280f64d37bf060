import { kindOf, type YamlValue } from '../../base/yaml/value.js';
import { formatGoScalarText } from '../../core/interpolate/scalar-text.js';
import type { GenerationMode } from './config-server.js';
import type { VariableSpec } from './deployment-variables.js';
import { ConfigServerError } from './names.js';

const MODES: readonly string[] = ['no-overwrite', 'overwrite', 'converge'];
const STRATEGIES: readonly string[] = ['on-deploy', 'on-stemcell-change'];

/** The manifest's `variables:` section as VariableSpecs (name, type, options, update_mode, update.strategy). */
export function variableSpecs(manifest: YamlValue): VariableSpec[] {
  const section = manifest instanceof Map ? manifest.get('variables') : undefined;
  if (section === undefined || section === null) return [];
  if (!Array.isArray(section))
    throw new ConfigServerError("Property 'variables' value did not match the required type 'Array'");
  return section.map((entry) => {
    if (!(entry instanceof Map))
      throw new ConfigServerError("Variable definition is expected to be a 'Hash'");
    const name = text(entry, 'name', true);
    const type = text(entry, 'type', true);
    const mode = text(entry, 'update_mode', false);
    if (mode !== undefined && !MODES.includes(mode)) {
      throw new ConfigServerError(`Invalid update_mode '${mode}' for variable '${name}'`);
    }
    const update = entry.get('update');
    const strategy = update instanceof Map ? update.get('strategy') : undefined;
    if (strategy !== undefined && (typeof strategy !== 'string' || !STRATEGIES.includes(strategy))) {
      throw new ConfigServerError(`Invalid update strategy for variable '${name}'`);
    }
    return {
      name,
      type,
      options: entry.get('options') ?? null,
      ...(mode === undefined ? {} : { updateMode: mode as GenerationMode }),
      ...(strategy === undefined ? {} : { updateStrategy: strategy as 'on-deploy' | 'on-stemcell-change' }),
    };
  });
}

function text(entry: ReadonlyMap<unknown, YamlValue>, key: string, required: true): string;
function text(entry: ReadonlyMap<unknown, YamlValue>, key: string, required: false): string | undefined;
function text(entry: ReadonlyMap<unknown, YamlValue>, key: string, required: boolean): string | undefined {
  const v = entry.get(key);
  if (v === undefined || v === null) {
    if (!required) return undefined;
    throw new ConfigServerError(
      `Required property '${key}' was not specified in object (variable definition)`,
    );
  }
  if (typeof v !== 'string') {
    throw new ConfigServerError(
      `Property '${key}' value (${v instanceof Map || Array.isArray(v) ? kindOf(v) : formatGoScalarText(v)}) did not match the required type 'String'`,
    );
  }
  return v;
}
