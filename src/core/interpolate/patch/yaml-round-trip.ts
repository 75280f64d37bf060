/**
 * go-patch's replace op clones its value with `yaml.Marshal` + `yaml.Unmarshal` (yaml.v2). That is a deep copy
 * with one visible change: a float64 with an integral value below 1e6 prints without a decimal point or
 * exponent (`strconv.FormatFloat(f, 'g', -1, 64)`: `1.0` → `1`, `-0.0` → `-0`) and so reads back as an int.
 * Larger integral floats print with an exponent (`1e+06`) and stay floats.
 */
import { GoFloat, kindOf, type YamlMap, type YamlValue } from '../../../base/yaml/value.js';

export function cloneThroughYaml(value: YamlValue): YamlValue {
  if (value instanceof Map) {
    const out: YamlMap = new Map();
    for (const [key, item] of value) out.set(roundTripScalar(key), cloneThroughYaml(item));
    return out;
  }
  if (Array.isArray(value)) return value.map(cloneThroughYaml);
  return roundTripScalar(value);
}

function roundTripScalar<T extends YamlValue>(value: T): T | number {
  if (kindOf(value) !== 'float') return value;
  const x = value instanceof GoFloat ? value.value : (value as number);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return x === 0 ? 0 : x;
  return value;
}
