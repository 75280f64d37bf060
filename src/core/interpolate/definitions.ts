import { kindOf, type YamlValue } from '../../base/yaml/value.js';
import { formatGoScalarText } from './scalar-text.js';
import type { VariableDefinition } from './variables.js';

/**
 * Reads the `variables:` section as bosh-cli does (re-marshal, then decode into `[]VariableDefinition`): name and
 * type accept any scalar as its text, a missing section is empty, anything else is an unmarshal error.
 */
export function extractDefinitions(doc: YamlValue): VariableDefinition[] {
  if (!(doc instanceof Map)) return [];
  const section = doc.get('variables');
  if (section === undefined || section === null) return [];
  if (!Array.isArray(section)) throw unmarshalError(section, '[]template.VariableDefinition');
  return section.map((entry) => {
    if (entry === null) return { name: '', type: '', options: null };
    if (!(entry instanceof Map)) throw unmarshalError(entry, 'template.VariableDefinition');
    return {
      name: scalarField(entry.get('name') ?? null),
      type: scalarField(entry.get('type') ?? null),
      options: entry.get('options') ?? null,
    };
  });
}

function scalarField(v: YamlValue): string {
  if (v instanceof Map || Array.isArray(v)) throw unmarshalError(v, 'string');
  return v === null ? '' : formatGoScalarText(v);
}

function unmarshalError(v: YamlValue, into: string): Error {
  const tag = kindOf(v) === 'map' ? '!!map' : kindOf(v) === 'seq' ? '!!seq' : `!!${kindOf(v)}`;
  return new Error(`yaml: unmarshal errors:\n  line 1: cannot unmarshal ${tag} into ${into}`);
}
