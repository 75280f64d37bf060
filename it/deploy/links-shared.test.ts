import { describe, expect, it } from 'vitest';
import {
  linksRelease,
  renderedConn,
  serverIps,
  writeLinksManifest,
  type LinksGroup,
} from './links-release.js';
import { withDirectorDb } from './query-support.js';
import { sharedDeployEnv } from './support.js';

// Links across deployments: `prov` shares its server's `conn` link (`shared: true`), `cons` consumes it with
// `deployment: prov` and renders prov's server IPs and port; a provider that is not shared, or a network it is not
// on, fails the consumer's deploy in BOSH's words.
const env = sharedDeployEnv('it-links-shared-', { release: linksRelease });

type Job = LinksGroup['job'];

async function deploy(name: string, group: string, instances: number, job: Job, ...flags: string[]) {
  return deployWith({}, name, group, instances, job, ...flags);
}

async function deployWith(
  extra: Record<string, unknown>,
  name: string,
  group: string,
  instances: number,
  job: Job,
  ...flags: string[]
) {
  const path = await writeLinksManifest(env.dir, name, [{ name: group, instances, job }], extra);
  return env.bosh(['-d', name, 'deploy', path, ...flags]);
}

const server = (shared: boolean): Job => ({
  name: 'server',
  properties: { port: 6000 },
  provides: { conn: { shared } },
});
const client = (consumes: Record<string, unknown>): Job => ({
  name: 'client',
  properties: { label: 'remote' },
  consumes: { conn: { from: 'conn', ...consumes } },
});

const linkHeader = (deployment: string) =>
  `Error: Failed to resolve links from deployment '${deployment}'. See errors below:\n` +
  "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'client'. Details below:\n";

describe('links across deployments', { timeout: 300_000 }, () => {
  it("renders another deployment's shared provider: its instances' IPs and its properties", async () => {
    const prov = await deploy('prov', 'server', 2, server(true));
    expect(prov.stderr).toBe('');
    expect(prov.code).toBe(0);

    const cons = await deploy('cons', 'client', 1, client({ deployment: 'prov' }));
    expect(cons.stderr).toBe('');
    expect(cons.code).toBe(0);
    const ips = await serverIps(env, 'prov');
    expect(ips).toHaveLength(2);
    for (const ip of ips) expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(await renderedConn(env, 'cons')).toBe(`label=remote\nconn=${ips.join(',')}:6000\nbackup=none\n`);
  });

  it("keeps the provider's stored links through a dry run", async () => {
    const stored = () =>
      withDirectorDb(env, (db) => db.prepare('select * from link_provider_intents order by id').all());
    const before = stored();
    expect(before).toHaveLength(1);
    const run = await deploy('prov', 'server', 3, server(true), '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Dry run: server\/[0-9a-f-]+ \(2\): create/);
    expect(stored()).toEqual(before);
  });

  it("resolves the provider's variables for the consumer, and stores none of their values", async () => {
    const vault: Job = {
      name: 'server',
      properties: { port: '((conn_port))' },
      provides: { conn: { shared: true } },
    };
    const variables = [{ name: 'conn_port', type: 'password' }];
    expect((await deployWith({ variables }, 'vault', 'server', 1, vault)).code).toBe(0);
    expect((await deploy('vault-client', 'client', 1, client({ deployment: 'vault' }))).code).toBe(0);
    const rendered = await renderedConn(env, 'vault-client');
    const secret = /:([^:\n]+)\nbackup/.exec(rendered)?.[1] ?? '';
    expect(secret).toMatch(/^[a-z0-9]{20,}$/);
    withDirectorDb(env, (db) => {
      const rows = db.prepare('select * from link_provider_intents').all();
      const text = JSON.stringify(rows);
      expect(text).toContain('((conn_port))');
      expect(text).not.toContain(secret);
    });
  });

  it("fails in BOSH's words when a variable of the provider's link is gone from the config server", async () => {
    // As a credential deleted from CredHub behind BOSH's back: the consumer cannot interpolate the link.
    const deleted = withDirectorDb(
      env,
      (db) =>
        db.prepare("delete from config_server_values where name like '%/vault/conn_port'").run().changes,
      { write: true },
    );
    expect(deleted).toBe(1);
    const run = await deploy('vault-client-2', 'client', 1, client({ deployment: 'vault' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        '  L Error: Unable to render instance groups for deployment. Errors are:\n' +
          "  - Unable to render jobs for instance group 'client'. Errors are:\n" +
          "    - Unable to interpolate link 'conn' properties; provided by 'vault' deployment. Errors are:\n" +
          "      - Failed to find variable '/[^/]+/vault/conn_port' with id '\\d+' from config server: HTTP Code '404'",
      ),
    );
    expect(run.stdout).not.toContain('Creating missing vms');
  });

  it('fails when the provider is not on the network the consumer names', async () => {
    const run = await deploy('cons-net', 'client', 1, client({ deployment: 'prov', network: 'backend' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      linkHeader('cons-net') +
        "    - Link provider 'conn' from job 'server' in instance group 'server' in deployment 'prov' does not belong to network 'backend'\n",
    );
    expect(run.stdout).not.toContain('Creating missing vms');
  });

  it('finds no provider in a deployment whose provider is not shared', async () => {
    const prov = await deploy('prov-private', 'server', 1, server(false));
    expect(prov.code).toBe(0);

    const run = await deploy('cons-private', 'client', 1, client({ deployment: 'prov-private' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${linkHeader('cons-private')}    - No link providers found\n`);
    expect(run.stdout).not.toContain('Creating missing vms');
  });
});
