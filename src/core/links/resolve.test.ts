import { describe, expect, it } from 'vitest';
import { messageOf } from '../../testing/yaml-builders.js';
import { consumedLinks, resolveLinks } from './resolve.js';
import type { LinkGroup, LinkJob, LinksInput } from './types.js';

const SERVER_SPEC = {
  name: 'server',
  provides: [{ name: 'conn', type: 'conn', properties: ['port', 'tls.enabled'] }],
  properties: { port: { default: 80 }, 'tls.enabled': { default: false } },
};
const CLIENT_SPEC = { name: 'client', consumes: [{ name: 'conn', type: 'conn' }] };

const job = (name: string, spec: Record<string, unknown>, o: Partial<LinkJob> = {}): LinkJob => ({
  name,
  release: 'links',
  spec,
  provides: {},
  consumes: {},
  customProviderDefinitions: [],
  properties: {},
  ...o,
});
const group = (name: string, jobs: LinkJob[], networks = [{ name: 'default', default: [] }]): LinkGroup => ({
  name,
  networks,
  jobs,
});
const input = (groups: LinkGroup[], deployments: string[] = []): LinksInput => ({
  deployment: 'dep',
  groups,
  deployments: new Set(deployments),
});
const HEADER = "Failed to resolve links from deployment 'dep'. See errors below:\n";
const failure = (i: LinksInput): string => messageOf(() => resolveLinks(i));

describe('resolveLinks', () => {
  it('binds an implicit consumer to the one provider of its type, with mapped properties', () => {
    const links = resolveLinks(
      input([
        group('srv', [job('server', SERVER_SPEC, { properties: { port: 4222, other: 1 } })]),
        group('cli', [job('client', CLIENT_SPEC)]),
      ]),
    );
    const bound = consumedLinks(links, 'cli', 'client').get('conn');
    expect(bound).toMatchObject({
      kind: 'provider',
      network: null,
      provider: {
        group: 'srv',
        job: 'server',
        name: 'conn',
        properties: { port: 4222, tls: { enabled: false } },
      },
    });
    expect(consumedLinks(links, 'srv', 'server').size).toBe(0);
  });

  it('reports every unresolved consumer together, in BOSH words', () => {
    const opt = { name: 'client', consumes: [{ name: 'conn', type: 'conn', optional: true }] };
    const message = failure(
      input([
        group('a', [job('client', CLIENT_SPEC)]),
        group('b', [job('client', CLIENT_SPEC, { consumes: { conn: { from: 'other' } } })]),
        group('c', [job('client', opt, { consumes: { conn: { from: 'x' } } })]),
        group('d', [job('client', opt)]),
      ]),
    );
    expect(message).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'a'. Details below:\n" +
        '    - No link providers found\n' +
        "  - Failed to resolve link 'conn' with alias 'other' and type 'conn' from job 'client' in instance group 'b'. Details below:\n" +
        '    - No link providers found\n' +
        "  - Failed to resolve link 'conn' with alias 'x' and type 'conn' from job 'client' in instance group 'c'. Details below:\n" +
        '    - No link providers found',
    );
  });

  it('lists the providers when an implicit consumer finds several', () => {
    const message = failure(
      input([
        group('one', [job('server', SERVER_SPEC)]),
        group('two', [job('server', SERVER_SPEC, { provides: { conn: { as: 'second' } } })]),
        group('cli', [job('client', CLIENT_SPEC)]),
      ]),
    );
    expect(message).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'cli'. Multiple link providers found:\n" +
        "    - Link provider 'conn' from job 'server' in instance group 'one' in deployment 'dep'\n" +
        "    - Link provider 'conn' with alias 'second' from job 'server' in instance group 'two' in deployment 'dep'",
    );
  });

  it('picks the aliased provider with from:, and skips providers blocked with nil', () => {
    const links = resolveLinks(
      input([
        group('one', [job('server', SERVER_SPEC, { provides: { conn: 'nil' } })]),
        group('two', [job('server', SERVER_SPEC, { provides: { conn: { as: 'main', shared: true } } })]),
        group('three', [job('server', SERVER_SPEC, { provides: { conn: { as: 'spare' } } })]),
        group('cli', [job('client', CLIENT_SPEC, { consumes: { conn: { from: 'main' } } })]),
      ]),
    );
    const bound = consumedLinks(links, 'cli', 'client').get('conn');
    expect(bound).toMatchObject({ provider: { group: 'two', name: 'main', shared: true } });
  });

  it('gives an optional or blocked optional consumer no link; a blocked required one fails', () => {
    const opt = { name: 'client', consumes: [{ name: 'conn', type: 'conn', optional: true }] };
    const links = resolveLinks(
      input([
        group('srv', [job('server', SERVER_SPEC)]),
        group('a', [job('client', opt, { consumes: { conn: 'nil' } })]),
      ]),
    );
    expect(consumedLinks(links, 'a', 'client').size).toBe(0);
    expect(resolveLinks(input([group('b', [job('client', opt)])])).consumers.get('b/client')?.size).toBe(0);
    expect(
      failure(
        input([
          group('srv', [job('server', SERVER_SPEC)]),
          group('c', [job('client', CLIENT_SPEC, { consumes: { conn: 'nil' } })]),
        ]),
      ),
    ).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'c'. Details below:\n" +
        '    - No link providers found',
    );
  });

  it('takes a manual link as the manifest gives it', () => {
    const manual = { instances: [{ address: '10.0.0.9' }], properties: { port: 1 }, address: 'db.example' };
    const links = resolveLinks(
      input([group('cli', [job('client', CLIENT_SPEC, { consumes: { conn: manual } })])]),
    );
    expect(consumedLinks(links, 'cli', 'client').get('conn')).toEqual({ kind: 'manual', manual });
  });

  it('checks the network an explicit consumer asks for', () => {
    const message = failure(
      input([
        group('srv', [job('server', SERVER_SPEC)]),
        group('cli', [
          job('client', CLIENT_SPEC, { consumes: { conn: { from: 'conn', network: 'other' } } }),
        ]),
      ]),
    );
    expect(message).toBe(
      HEADER +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'cli'. Details below:\n" +
        "    - Link provider 'conn' from job 'server' in instance group 'srv' in deployment 'dep' does not belong to network 'other'",
    );
  });

  it('refuses a consumer of a deployment that does not exist, as BOSH does', () => {
    const consumes = { conn: { from: 'conn', deployment: 'elsewhere' } };
    expect(failure(input([group('cli', [job('client', CLIENT_SPEC, { consumes })])]))).toBe(
      "Link 'conn' in job 'client' from instance group 'cli' consumes from deployment 'elsewhere', but the deployment does not exist.",
    );
  });
});
