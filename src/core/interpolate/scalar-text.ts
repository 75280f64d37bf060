import { emitYaml } from '../../base/yaml/emit.js';
import type { YamlScalar } from '../../base/yaml/value.js';

/** The text yaml.v2 gives a scalar decoded into a Go string field after a re-marshal (`1.0` → `1`, `yes` → `true`). */
export function formatGoScalarText(v: YamlScalar): string {
  if (typeof v === 'string') return v;
  return emitYaml(v).replace(/\n$/, '');
}
