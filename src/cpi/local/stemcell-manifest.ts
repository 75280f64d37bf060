import { OrderedYamlMap } from '../../base/yaml/ordered-map.js';
import { emitYaml } from '../../base/yaml/emit.js';

/** What a `stemcell.MF` says (bosh-cli `stemcell.Manifest`). */
export interface StemcellManifest {
  readonly name: string;
  readonly version: string;
  readonly operatingSystem: string;
  /** sha1 hex of the `image` file. */
  readonly sha1: string;
  readonly apiVersion: number;
}

/**
 * `stemcell.MF` of a local stemcell as yaml.v2 marshals bosh-cli's `stemcell.Manifest` struct: fields in
 * declaration order, `bosh_protocol` "1", formats `[local]`, `api_version` 3 (the agent takes signed blob URLs).
 */
export function stemcellManifestYaml(m: StemcellManifest): string {
  return emitYaml(
    new OrderedYamlMap([
      ['name', m.name],
      ['version', m.version],
      ['operating_system', m.operatingSystem],
      ['sha1', m.sha1],
      ['bosh_protocol', '1'],
      ['stemcell_formats', ['local']],
      ['api_version', m.apiVersion],
      ['cloud_properties', new Map()],
    ]),
  );
}

/** `<ID>-<VERSION_CODENAME>` of an os-release file (`ubuntu-jammy`, `debian-bookworm`), as stemcells name the OS. */
export function operatingSystemOf(osRelease: string): string {
  const values = new Map<string, string>();
  for (const line of osRelease.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) {
      values.set(match[1], match[2].replace(/^"(.*)"$/, '$1'));
    }
  }
  const id = values.get('ID') ?? 'linux';
  const codename = values.get('VERSION_CODENAME') ?? values.get('VERSION_ID');
  return codename === undefined || codename === '' ? id : `${id}-${codename}`;
}
