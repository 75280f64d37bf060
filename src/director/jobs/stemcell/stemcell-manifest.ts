import { readFile } from 'node:fs/promises';
import { parseYaml } from '../../../base/yaml/parse.js';
import { GoFloat, type YamlValue } from '../../../base/yaml/value.js';
import { BoshError, boshError } from '../../../core/errors.js';
import { rubyInspect, rubyToS } from '../../../base/ruby-inspect.js';
import { type Json, yamlToJson } from '../ruby-values.js';

/** `stemcell.MF` as `UpdateStemcell` reads it. */
export interface StemcellManifest {
  readonly name: string;
  /** Defaults to the name. */
  readonly operatingSystem: string;
  readonly version: string;
  readonly stemcellFormats: readonly string[] | undefined;
  readonly cloudProperties: Readonly<Record<string, Json>>;
  readonly sha1: string;
  readonly apiVersion: number | null;
}

type RubyClass = 'String' | 'Array' | 'Hash' | 'Integer';

function isA(v: YamlValue, cls: RubyClass): boolean {
  switch (cls) {
    case 'String':
      return typeof v === 'string';
    case 'Array':
      return Array.isArray(v);
    case 'Hash':
      return v instanceof Map;
    case 'Integer':
      return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0));
  }
}

const isNumeric = (v: YamlValue): boolean =>
  typeof v === 'number' || typeof v === 'bigint' || v instanceof GoFloat;

/**
 * `ValidationHelper#safe_property` with BOSH's messages: `Required property 'name' was not specified in object
 * ({…})` (ValidationMissingField), `Property 'x' value (…) did not match the required type 'Hash'`
 * (ValidationInvalidType); a number where a String is required is taken as its text.
 */
function property(doc: YamlValue, key: string, cls: RubyClass, optional = false): YamlValue | undefined {
  if (doc !== null && !(doc instanceof Map)) {
    throw boshError(
      'ValidationInvalidType',
      `Object (${rubyInspect(doc)}) did not match the required type 'Hash'`,
    );
  }
  if (doc?.has(key)) {
    const v = doc.get(key) ?? null;
    if (isA(v, cls)) return v;
    if (cls === 'String' && isNumeric(v)) return rubyToS(v);
    throw boshError(
      'ValidationInvalidType',
      `Property '${key}' value (${rubyInspect(v)}) did not match the required type '${cls}'`,
    );
  }
  if (!optional) {
    throw boshError(
      'ValidationMissingField',
      `Required property '${key}' was not specified in object (${rubyInspect(doc)})`,
    );
  }
  return undefined;
}

/** Reads and checks `<dir>/stemcell.MF` as `UpdateStemcell#perform` does in `Verifying stemcell manifest`. */
export async function readStemcellManifest(path: string): Promise<StemcellManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BoshError('DirectorError', `No such file or directory @ rb_sysopen - ${path}`);
  }
  let doc: YamlValue;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new BoshError('DirectorError', `(${path}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const name = property(doc, 'name', 'String') as string;
  const operatingSystem = (property(doc, 'operating_system', 'String', true) as string | undefined) ?? name;
  const version = property(doc, 'version', 'String') as string;
  const formats = property(doc, 'stemcell_formats', 'Array', true) as YamlValue[] | undefined;
  const cloudProperties = property(doc, 'cloud_properties', 'Hash', true);
  const sha1 = property(doc, 'sha1', 'String') as string;
  const apiVersion = property(doc, 'api_version', 'Integer', true) as number | bigint | undefined;
  const json = cloudProperties === undefined ? {} : yamlToJson(cloudProperties);
  return {
    name,
    operatingSystem,
    version,
    stemcellFormats: formats?.map((f) => rubyToS(f)),
    cloudProperties: typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {},
    sha1,
    apiVersion: apiVersion === undefined ? null : Number(apiVersion),
  };
}
