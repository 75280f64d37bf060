/**
 * `Links::LinksParser` for one job: its provider intents (custom definitions first, then the release's `provides`)
 * and its consumer intents (the release's `consumes`, each with what the manifest says about it). BOSH raises at
 * the first job with errors, that job's errors joined by newlines; so does this.
 */
import { BoshError } from '../errors.js';
import { isHash } from '../templates/properties.js';
import { mapLinkProperties } from './link-properties.js';
import type { ConsumerIntent, LinkGroup, LinkJob, ProviderIntent } from './types.js';

interface Definition {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly properties: unknown;
}

/** Ruby's `to_s` of a scalar from the manifest (a hash or array there is a malformed spec: it reads as empty). */
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** A job spec's `provides` or `consumes` list (malformed entries ignored: the release upload validated them). */
function specLinks(spec: Readonly<Record<string, unknown>>, key: 'provides' | 'consumes'): Definition[] {
  const list = spec[key];
  return (Array.isArray(list) ? list : []).filter(isHash).map((d) => ({
    name: text(d['name']),
    type: text(d['type']),
    optional: d['optional'] === true,
    properties: d['properties'],
  }));
}

const fail = (errors: readonly string[]): void => {
  if (errors.length > 0) throw new BoshError('DirectorError', errors.join('\n'));
};

const has = (h: Readonly<Record<string, unknown>>, key: string): boolean => Object.hasOwn(h, key);

/** `LinkHelpers#validate_custom_providers`. */
function validateCustomProviders(job: LinkJob, group: string): void {
  const errors: string[] = [];
  const custom = job.customProviderDefinitions.map((c) => (isHash(c) ? c : {}));
  const released = specLinks(job.spec, 'provides');
  const where = `in job '${job.name}' in instance group '${group}'`;
  for (const c of custom) {
    if (typeof c['name'] !== 'string' || c['name'] === '')
      errors.push(
        `Name for custom link provider definition in manifest ${where} must be a valid non-empty string.`,
      );
    if (typeof c['type'] !== 'string' || c['type'] === '')
      errors.push(
        `Type for custom link provider definition in manifest ${where} must be a valid non-empty string.`,
      );
    if (released.some((r) => r.name === c['name']))
      errors.push(
        `Custom provider '${text(c['name'])}' ${where} is already defined in release '${job.release}'`,
      );
  }
  const names = custom.map((c) => text(c['name']));
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i)))
    errors.push(`Custom provider '${name}' ${where} is defined multiple times in manifest.`);
  fail(errors);
}

export function parseProviders(job: LinkJob, group: string): ProviderIntent[] {
  validateCustomProviders(job, group);
  const manifest = new Map(Object.entries(job.provides));
  const definitions = [
    ...job.customProviderDefinitions.filter(isHash).map((c) => ({
      name: text(c['name']),
      type: text(c['type']),
      optional: false,
      properties: c['properties'],
    })),
    ...specLinks(job.spec, 'provides'),
  ];
  const errors: string[] = [];
  const intents: ProviderIntent[] = [];
  for (const d of definitions) {
    let name = d.name;
    let shared = false;
    let consumable = true;
    if (manifest.has(d.name)) {
      const source = manifest.get(d.name);
      manifest.delete(d.name);
      const where = `in job '${job.name}' in instance group '${group}'`;
      if (source === 'nil') consumable = false;
      else if (!isHash(source)) {
        errors.push(
          `Provider '${d.name}' ${where} specified in the manifest should only be a hash or string 'nil'`,
        );
        continue;
      } else if (has(source, 'name') || has(source, 'type')) {
        errors.push(
          `Cannot specify 'name' or 'type' properties in the manifest for link '${d.name}' ${where}. Please provide these keys in the release only.`,
        );
        continue;
      } else {
        if (has(source, 'as')) name = text(source['as']);
        shared = source['shared'] === true;
      }
    }
    const mapped = mapLinkProperties(job.properties, d.properties, job.spec['properties'], job.name);
    errors.push(...mapped.errors);
    if (mapped.errors.length > 0) continue;
    const base = { group, job: job.name, originalName: d.name, name, type: d.type };
    const propertyNames = Array.isArray(d.properties) ? d.properties.map(text) : [];
    intents.push({ ...base, shared, consumable, propertyNames, properties: mapped.properties });
  }
  fail(errors);
  return intents;
}

/** `LinkHelpers#validate_consume_link`. */
function consumeErrors(source: unknown, link: string, job: string, group: string): string[] {
  const where = `in job '${job}' in instance group '${group}'`;
  if (source === 'nil') return [];
  if (!isHash(source))
    return [`Consumer '${link}' ${where} specified in the manifest should only be a hash or string 'nil'`];
  const errors: string[] = [];
  for (const key of ['instances', 'properties'])
    if (has(source, key) && has(source, 'from'))
      errors.push(`Cannot specify both '${key}' and 'from' keys for link '${link}' ${where}.`);
  if (has(source, 'properties') && !has(source, 'instances'))
    errors.push(`Cannot specify 'properties' without 'instances' for link '${link}' ${where}.`);
  if (has(source, 'ip_addresses') && typeof source['ip_addresses'] !== 'boolean')
    errors.push(`Cannot specify non boolean values for 'ip_addresses' field for link '${link}' ${where}.`);
  if (has(source, 'name') || has(source, 'type'))
    errors.push(
      `Cannot specify 'name' or 'type' properties in the manifest for link '${link}' ${where}. Please provide these keys in the release only.`,
    );
  return errors;
}

/** The other deployment a manifest `consumes` block names in `deployment:` (a non-empty string), else null. */
function fromDeploymentOf(source: Readonly<Record<string, unknown>>): string | null {
  const from = source['deployment'];
  return typeof from === 'string' && from !== '' ? from : null;
}

/**
 * Every deployment the groups' `consumes` blocks name in `deployment:` (their own one included): those whose stored
 * providers resolving may need. Read from every block of the manifest, before any is validated.
 */
export const consumedDeployments = (groups: readonly LinkGroup[]): Set<string> =>
  new Set(
    groups.flatMap((g) =>
      g.jobs.flatMap((j) =>
        Object.values(j.consumes).flatMap((c) => {
          const from = isHash(c) ? fromDeploymentOf(c) : null;
          return from === null ? [] : [from];
        }),
      ),
    ),
  );

export function parseConsumers(
  job: LinkJob,
  group: string,
  deployment: string,
  deployments: ReadonlySet<string>,
): ConsumerIntent[] {
  const errors: string[] = [];
  const intents: ConsumerIntent[] = [];
  for (const c of specLinks(job.spec, 'consumes')) {
    const base = { group, job: job.name, originalName: c.name, type: c.type, optional: c.optional };
    const implicit = { blocked: false, explicit: false, network: null, fromDeployment: null, manual: null };
    if (!has(job.consumes, c.name)) {
      intents.push({ ...base, name: c.name, ...implicit });
      continue;
    }
    const source = job.consumes[c.name];
    const invalid = consumeErrors(source, c.name, job.name, group);
    errors.push(...invalid);
    if (invalid.length > 0) continue;
    const explicit = { ...implicit, explicit: true };
    if (!isHash(source)) {
      intents.push({ ...base, name: c.name, ...explicit, blocked: true });
      continue;
    }
    if (['instances', 'properties', 'address'].some((k) => has(source, k))) {
      const manual = {
        instances: source['instances'],
        properties: source['properties'],
        address: source['address'],
      };
      intents.push({ ...base, name: c.name, ...explicit, manual });
      continue;
    }
    const alias = has(source, 'from') ? text(source['from']) : c.name;
    const fromDeployment = fromDeploymentOf(source);
    if (fromDeployment !== null && fromDeployment !== deployment && !deployments.has(fromDeployment)) {
      errors.push(
        `Link '${alias}' in job '${job.name}' from instance group '${group}' consumes from deployment '${fromDeployment}', but the deployment does not exist.`,
      );
      continue;
    }
    const network = has(source, 'network') ? text(source['network']) : null;
    intents.push({ ...base, name: alias.split('.').at(-1) ?? alias, ...explicit, network, fromDeployment });
  }
  fail(errors);
  return intents;
}
