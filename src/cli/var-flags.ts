import { wrapError } from '../base/errors.js';
import { parseYaml, parseYamlWithMeta } from '../base/yaml/parse.js';
import type { YamlValue } from '../base/yaml/value.js';
import { formatGoScalarText } from '../core/interpolate/scalar-text.js';
import { list, type ParseContext, type ParsedOptions, value } from './flags/option.js';

const utf8 = new TextDecoder();

type Entries = [string, YamlValue][];

/** bosh-cli's VarFlags, shared by every command that takes variables. */
export const varFlags = {
  varKVs: list(
    {
      long: 'var',
      short: 'v',
      valueName: 'VAR=VALUE',
      description: 'Set variable',
      goType: '[]template.VarKV',
    },
    parseVarKV,
  ),
  varFiles: list(
    {
      long: 'var-file',
      valueName: 'VAR=PATH',
      description: 'Set variable to file contents',
      goType: '[]template.VarFileArg',
    },
    parseVarFile,
  ),
  varsFiles: list(
    {
      long: 'vars-file',
      short: 'l',
      valueName: 'PATH',
      description: 'Load variables from a YAML file',
      goType: '[]template.VarsFileArg',
    },
    parseVarsFile,
  ),
  varsEnvs: list(
    {
      long: 'vars-env',
      valueName: 'PREFIX',
      description: "Load variables from environment variables (e.g.: 'MY' to load MY_var=value)",
      goType: '[]template.VarsEnvArg',
    },
    parseVarsEnv,
  ),
  varsStore: value(
    {
      long: 'vars-store',
      valueName: 'PATH',
      description: 'Load/save variables from/to a YAML file',
      goType: 'opts.VarsFSStore',
    },
    (raw, ctx) => {
      if (raw === '') throw new Error('Expected file path to be non-empty');
      return ctx.fs.expandPath(raw);
    },
  ),
};

export type VarFlags = ParsedOptions<typeof varFlags>;

/** The static variables in bosh-cli's fixed precedence: env < vars files < var files < `-v`, whatever the order. */
export function staticVariableEntries(flags: VarFlags): Entries {
  return [
    ...flags.varsEnvs.flat(),
    ...flags.varsFiles.flat(),
    ...flags.varFiles.flat(),
    ...flags.varKVs.flat(),
  ];
}

function splitPair(data: string, format: string, what: string): [string, string] {
  const eq = data.indexOf('=');
  if (eq === -1) throw new Error(`Expected var '${data}' to be in format '${format}'`);
  const name = data.slice(0, eq);
  const rest = data.slice(eq + 1);
  if (name === '') throw new Error(`Expected var '${data}' to specify non-empty name`);
  if (rest === '') throw new Error(`Expected var '${data}' to specify non-empty ${what}`);
  return [name, rest];
}

/** `-v name=value`: YAML-typed unless it parses to a string, then the raw text minus one pair of quotes. */
function parseVarKV(data: string): Entries {
  const [name, raw] = splitPair(data, 'name=value', 'value');
  let parsed: YamlValue;
  try {
    parsed = parseYaml(raw);
  } catch (e) {
    throw wrapError(e, `Deserializing variables '${data}'`);
  }
  if (typeof parsed !== 'string') return [[name, parsed]];
  const quoted =
    raw.length > 0 &&
    ((raw.startsWith('"') && raw.endsWith('"')) || (raw.startsWith("'") && raw.endsWith("'")));
  return [[name, quoted ? raw.slice(1, -1) : raw]];
}

async function parseVarFile(data: string, ctx: ParseContext): Promise<Entries> {
  const [name, path] = splitPair(data, 'name=path', 'path');
  const abs = ctx.fs.expandPath(path);
  try {
    return [[name, utf8.decode(await ctx.fs.readFile(abs))]];
  } catch (e) {
    throw wrapError(e, `Reading variable from file '${abs}'`);
  }
}

async function parseVarsFile(path: string, ctx: ParseContext): Promise<Entries> {
  if (path === '') throw new Error('Expected file path to be non-empty');
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(path);
  } catch (e) {
    throw wrapError(e, `Reading variables file '${path}'`);
  }
  try {
    return mapEntries(utf8.decode(bytes), 'template.StaticVariables');
  } catch (e) {
    throw wrapError(e, `Deserializing variables file '${path}'`);
  }
}

function parseVarsEnv(prefix: string, ctx: ParseContext): Entries {
  if (prefix === '') throw new Error('Expected environment variable prefix to be non-empty');
  const entries: Entries = [];
  for (const [key, val] of Object.entries(ctx.env)) {
    if (val === undefined || !key.startsWith(prefix + '_')) continue;
    try {
      entries.push([key.slice(prefix.length + 1), parseYaml(val)]);
    } catch (e) {
      throw wrapError(e, `Deserializing YAML from environment variable '${key}'`);
    }
  }
  return entries;
}

/** A YAML document that must be a map with string keys (or empty), as yaml.v2 decodes into map[string]interface{}. */
export function mapEntries(text: string, goType: string): Entries {
  const { value: doc, rootTag, rootLine } = parseYamlWithMeta(text);
  if (doc === null) return [];
  if (!(doc instanceof Map)) {
    throw new Error(
      `yaml: unmarshal errors:\n  line ${rootLine.toString()}: cannot unmarshal ${rootTag} into ${goType}`,
    );
  }
  return [...doc].map(([k, v]) => [k === null ? '' : formatGoScalarText(k), v]);
}
