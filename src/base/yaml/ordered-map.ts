import type { YamlKey, YamlValue } from './value.js';

/**
 * A map that yaml.v2 would marshal in its own order rather than sorted: a Go struct (fields in declaration
 * order) or a yaml.MapSlice. bosh-cli writes freshly generated credentials this way — a certificate is the
 * struct {certificate, private_key, ca} — while values it read back from YAML are plain maps and get
 * sorted. It is still a Map, so every YamlValue helper accepts it; `emitYaml` keeps its insertion order.
 */
export class OrderedYamlMap extends Map<YamlKey, YamlValue> {}
