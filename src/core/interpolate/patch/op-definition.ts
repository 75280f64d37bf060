/**
 * `patch.OpDefinition`: one entry of an ops file, and the JSON echo go-patch puts in its building errors.
 * A field that is `undefined` is a Go nil pointer. A YAML `null` decodes to nil too, so `value: null` counts as
 * no value (yaml.v2 leaves a `*interface{}` nil for null).
 */
import { goJsonMarshalIndent, type GoJson } from '../../../base/go-json.js';
import type { YamlValue } from '../../../base/yaml/value.js';

export interface OpDefinition {
  /** `replace`, `remove` or `test`; `''` when the entry has none. */
  readonly type: string;
  readonly path?: string;
  readonly value?: YamlValue;
  readonly absent?: boolean;
  /** The description failures are reported with (bosh-cli: `operation [i] in <file> failed`). */
  readonly error?: string;
}

/**
 * `json.MarshalIndent(def, "", "  ")` of the Go struct (fields `Type`, `Path`, `Value`, `Absent`, `Error`, all
 * omitempty), with the value redacted and `\u003c`/`\u003e` turned back into `<`/`>` as go-patch does.
 */
export function formatOpDefinition(def: OpDefinition): string {
  const json: Record<string, GoJson> = {};
  if (def.type !== '') json['Type'] = def.type;
  if (def.path !== undefined) json['Path'] = def.path;
  if (def.value !== undefined) json['Value'] = '<redacted>';
  if (def.absent !== undefined) json['Absent'] = def.absent;
  if (def.error !== undefined) json['Error'] = def.error;
  return goJsonMarshalIndent(json, '  ').replaceAll('\\u003c', '<').replaceAll('\\u003e', '>');
}
