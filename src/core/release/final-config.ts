import { WrappedError } from '../../base/errors.js';
import { emitYaml } from '../../base/yaml/emit.js';
import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import type { YamlValue } from '../../base/yaml/value.js';
import { goMap, goStruct } from './go-yaml-composite.js';
import { goAny, goString, unmarshal } from './go-yaml-struct.js';

/** `config/final.yml` as bosh-cli 7.9.13 reads it (releasedir/fs_config.go); other keys are dropped. */
export interface FinalConfig {
  readonly name: string;
  /** The legacy spelling of `name`. */
  readonly finalName: string;
  readonly blobstore: BlobstoreConfig;
}

export interface BlobstoreConfig {
  readonly provider: string;
  /** Go map[string]interface{}: keys as text, values decoded generically. */
  readonly options: ReadonlyMap<string, YamlValue>;
}

const configCodec = goStruct('releasedir.fsConfigPublicSchema', {
  name: goString,
  final_name: goString,
  blobstore: goStruct('releasedir.fsConfigSchema_Blobstore', {
    provider: goString,
    options: goMap(goAny, 'map[string]interface {}'),
  }),
});

/** Errors read `Unmarshalling config '<path>'` over go-yaml's message. */
export function parseFinalConfig(text: string, path: string): FinalConfig {
  try {
    const c = unmarshal(text, configCodec);
    return { name: c.name, finalName: c.final_name, blobstore: c.blobstore };
  } catch (e) {
    throw new WrappedError(`Unmarshalling config '${path}'`, e as Error);
  }
}

/** FSConfig.Name: `name`, else legacy `final_name`; both at once, or neither, is an error. */
export function releaseNameFromConfig(config: FinalConfig, path: string): string {
  if (config.name === '') {
    if (config.finalName === '') throw new Error(`Expected non-empty 'name' in config '${path}'`);
    return config.finalName;
  }
  if (config.finalName !== '') {
    throw new Error(`Expected 'name' or 'final_name' but not both in config '${path}'`);
  }
  return config.name;
}

/** FSConfig.Blobstore for the public part: the provider must be set. */
export function blobstoreFromConfig(config: FinalConfig, path: string): BlobstoreConfig {
  if (config.blobstore.provider === '') {
    throw new Error(`Expected non-empty 'blobstore.provider' in config '${path}'`);
  }
  return config.blobstore;
}

/**
 * FSConfig.SaveName: the public schema re-marshalled with the new name and no `final_name`, which is how
 * `init-release` rewrites an existing file (comments and unknown keys are lost, `blobstore` is kept).
 */
export function emitFinalConfig(config: FinalConfig): string {
  const doc = new OrderedYamlMap([['name', config.name]]);
  if (config.finalName !== '') doc.set('final_name', config.finalName);
  const { provider, options } = config.blobstore;
  // omitempty on a struct: left out only when every field is empty.
  if (provider !== '' || options.size > 0) {
    const blobstore = new OrderedYamlMap([['provider', provider]]);
    if (options.size > 0) blobstore.set('options', new Map(options));
    doc.set('blobstore', blobstore);
  }
  return emitYaml(doc);
}

/** What `init-release` saves: the given name, the blobstore kept, `final_name` dropped. */
export function withName(config: FinalConfig | undefined, name: string): FinalConfig {
  return { name, finalName: '', blobstore: config?.blobstore ?? { provider: '', options: new Map() } };
}
