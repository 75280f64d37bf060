import type { YamlValue } from '../../base/yaml/value.js';
import type { Problems } from './problems.js';
import { rubyInspect, rubyClass, rubyToS } from '../../base/ruby-inspect.js';
import { array, get, hasKey, isHash, str } from './safe-property.js';
import type { Features, Release, Stemcell, Variable } from './types.js';

const EMPTY = new Map<never, never>();

/** `ReleaseVersion.parse` (plus the `url`/`sha1` the CLI uploads from). */
function parseRelease(p: Problems, spec: YamlValue): Release | undefined {
  const name = str(p, spec, 'name');
  const version = str(p, spec, 'version');
  const url = str(p, spec, 'url', { optional: true }) ?? null;
  const sha1 = str(p, spec, 'sha1', { optional: true }) ?? null;
  return name === undefined || version === undefined ? undefined : { name, version, url, sha1 };
}

/** `Stemcell.parse`. */
export function parseStemcell(p: Problems, spec: YamlValue): Stemcell | undefined {
  const alias = str(p, spec, 'alias', { optional: true }) ?? null;
  const name = str(p, spec, 'name', { optional: true }) ?? null;
  const os = str(p, spec, 'os', { optional: true }) ?? null;
  const version = str(p, spec, 'version');
  if (name === null && os === null && (spec === null || isHash(spec))) {
    p.add(
      'ValidationMissingField',
      `Required property 'os' or 'name' was not specified in object (${rubyInspect(spec)})`,
    );
    return undefined;
  }
  return version === undefined ? undefined : { alias, name, os, version };
}

/** `VariablesSpecParser#parse`. */
export function parseVariables(p: Problems, spec: YamlValue | undefined): Variable[] {
  if (spec === undefined || spec === null) return [];
  if (!Array.isArray(spec)) {
    p.add('VariablesInvalidFormat', `Key 'variables' expects an array, but received '${rubyClass(spec)}'`);
    return [];
  }
  const bad = (m: string): void => {
    p.add('VariablesInvalidFormat', m);
  };
  const out: Variable[] = [];
  const reported = new Set<string>();
  for (const v of spec) {
    if (!isHash(v)) {
      bad("All 'variables' elements should be Hashes");
      continue;
    }
    const name = v.get('name');
    const type = v.get('type');
    const n = rubyToS(name);
    if (!v.has('name'))
      bad("At least one of the variables is missing the 'name' key; 'name' must be specified");
    else if (name === null || n.trim() === '') {
      bad("At least one of the variables has an empty 'name'; 'name' must not be empty or nil");
    } else if (!v.has('type')) bad(`Type for variable '${n}' is missing; 'type' must be specified`);
    else if (type === null || type === undefined)
      bad(`Type for variable '${n}' is nil; 'type' must not be nil`);
    else if (typeof type !== 'string')
      bad(`Type for variable '${n}' must be a String, but was '${rubyToS(type)}'`);
    else if (type.trim() === '') bad(`Type for variable '${n}' is empty; 'type' must not be empty`);
    else {
      const consumes = v.get('consumes') ?? null;
      const options = v.get('options') ?? null;
      const updateMode = v.get('update_mode') ?? null;
      const dup = spec.filter((o) => get(o, 'name') === name).length > 1;
      if (consumes !== null && !isHash(consumes)) bad(`Consumes for variable '${n}' must be a Hash or nil`);
      else if (dup && reported.has(n)) continue;
      else if (dup) {
        reported.add(n);
        bad(`Some of the variables have duplicate names, eg: '${n}'`);
      } else if (options !== null && !isHash(options))
        bad(`options of variable with name '${n}' is not a Hash`);
      else if (updateMode !== null && typeof updateMode !== 'string') {
        bad(`Update mode for variable '${n}' must be a String, but was '${rubyToS(updateMode)}'`);
      } else {
        const update = v.get('update');
        const updateStrategy = isHash(update) ? update.get('strategy') : undefined;
        out.push({ name: n, nameValue: name ?? null, type, options, consumes, updateMode, updateStrategy });
      }
    }
  }
  return out;
}

const FEATURE_KEYS = [
  'converge_variables',
  'use_tmpfs_config',
  'use_dns_addresses',
  'use_link_dns_names',
  'use_short_dns_addresses',
  'randomize_az_placement',
] as const;

/** `DeploymentFeaturesParser#parse`. */
export function parseFeatures(p: Problems, spec: YamlValue | undefined): Features {
  const f = isHash(spec) ? spec : EMPTY;
  if (spec !== undefined && !isHash(spec)) {
    p.add('FeaturesInvalidFormat', `Key 'features' expects a Hash, but received '${rubyClass(spec)}'`);
  }
  for (const key of FEATURE_KEYS) {
    const v = f.get(key) ?? null;
    if (v !== null && typeof v !== 'boolean') {
      p.add(
        'FeaturesInvalidFormat',
        `Key '${key}' in 'features' expected to be a boolean, but received '${rubyClass(v)}'`,
      );
    }
  }
  const b = (key: string): boolean | null => {
    const v = f.get(key);
    return typeof v === 'boolean' ? v : null;
  };
  const link = b('use_link_dns_names');
  if (link === true) {
    for (const key of ['use_short_dns_addresses', 'use_dns_addresses']) {
      if (b(key) === false) {
        p.add(
          'IncompatibleFeatures',
          `cannot enable \`use_link_dns_names\` when \`${key}\` is explicitly disabled`,
        );
      }
    }
  }
  return {
    useTmpfsConfig: b('use_tmpfs_config'),
    convergeVariables: b('converge_variables') ?? false,
    randomizeAzPlacement: b('randomize_az_placement'),
    useDnsAddresses: hasKey(f, 'use_dns_addresses') ? b('use_dns_addresses') : link,
    useShortDnsAddresses: hasKey(f, 'use_short_dns_addresses') ? b('use_short_dns_addresses') : link,
    useLinkDnsNames: link,
  };
}

/** The `releases` list, with BOSH's duplicate check (`Planner#add_release`). */
export function parseReleases(p: Problems, manifest: YamlValue, optional: boolean): Release[] {
  const out: Release[] = [];
  for (const spec of array(p, manifest, 'releases', { optional }) ?? []) {
    const r = parseRelease(p, spec);
    if (r === undefined) continue;
    if (out.some((o) => o.name === r.name))
      p.add('DeploymentDuplicateReleaseName', `Duplicate release name '${r.name}'`);
    else out.push(r);
  }
  return out;
}
