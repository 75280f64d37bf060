import { describe, expect, it } from 'vitest';
import { cpiVmCids } from '../../test/support/vm-processes.js';
import { linksRelease, renderedConn, serverIps, writeLinksManifest } from './links-release.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// BOSH links end to end: a client job renders its `conn` link (the server instances' IPs and the server's port)
// and is updated when only its provider changes, and a deploy with a link nobody provides, or a template missing a
// required property, fails in BOSH's words before any VM exists.
const env = sharedDeployEnv('it-links-', { release: linksRelease });

interface Group {
  readonly name: string;
  readonly job: 'server' | 'client';
  readonly instances: number;
  readonly properties?: Record<string, unknown>;
}

async function deploy(name: string, groups: readonly Group[]) {
  const path = await writeLinksManifest(
    env.dir,
    name,
    groups.map((g) => ({
      name: g.name,
      instances: g.instances,
      job: { name: g.job, properties: g.properties ?? {} },
    })),
  );
  return env.bosh(['-d', name, 'deploy', path]);
}

const vmCount = async () => (await cpiVmCids(cpiDir(env, 'vms'))).length;

describe('links in deploy', { timeout: 300_000 }, () => {
  it('fails with BOSH’s link error when nobody provides the link, before any VM', async () => {
    const before = await vmCount();
    const run = await deploy('lonely', [
      { name: 'client', job: 'client', instances: 1, properties: { label: 'x' } },
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "Error: Failed to resolve links from deployment 'lonely'. See errors below:\n" +
        "  - Failed to resolve link 'conn' with type 'conn' from job 'client' in instance group 'client'. Details below:\n" +
        '    - No link providers found\n',
    );
    expect(run.stdout).not.toContain('Creating missing vms');
    expect(run.stderr).toMatch(/Expected task '\d+' to succeed but state is 'error'/);
    expect(await vmCount()).toBe(before);
  });

  it('fails with BOSH’s aggregated render error when a required property is missing, before any VM', async () => {
    const before = await vmCount();
    const run = await deploy('unlabeled', [
      { name: 'server', job: 'server', instances: 1 },
      { name: 'client', job: 'client', instances: 1 },
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Error: Unable to render instance groups for deployment. Errors are:\n' +
        "  - Unable to render jobs for instance group 'client'. Errors are:\n" +
        "    - Unable to render templates for job 'client'. Errors are:\n" +
        "      - Error filling in template 'conn.txt.erb' (line 1: Can't find property '[\"label\"]')\n",
    );
    expect(run.stdout).toContain('Rendering templates');
    expect(run.stdout).not.toContain('Creating missing vms');
    expect(await vmCount()).toBe(before);
  });

  it("renders the client with the server instances' IPs and the server's port", async () => {
    const run = await deploy('linked', [
      { name: 'server', job: 'server', instances: 2, properties: { port: 5000 } },
      { name: 'client', job: 'client', instances: 1, properties: { label: 'hello' } },
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const ips = await serverIps(env, 'linked');
    expect(ips).toHaveLength(2);
    for (const ip of ips) expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(await renderedConn(env, 'linked')).toBe(`label=hello\nconn=${ips.join(',')}:5000\nbackup=none\n`);
  });

  it('updates the client when only its provider changes, and nothing when nothing changes', async () => {
    const server: Group = { name: 'server', job: 'server', instances: 1, properties: { port: 5000 } };
    const client: Group = { name: 'client', job: 'client', instances: 1, properties: { label: 'hi' } };
    const first = await deploy('scaled', [server, client]);
    expect(first.code).toBe(0);

    const scaled = await deploy('scaled', [{ ...server, instances: 2 }, client]);
    expect(scaled.stderr).toBe('');
    expect(scaled.code).toBe(0);
    expect(scaled.stdout).toMatch(/Updating instance client: client\/[0-9a-f-]+ \(0\) \(canary\)/);
    const ips = await serverIps(env, 'scaled');
    expect(ips).toHaveLength(2);
    expect(await renderedConn(env, 'scaled')).toBe(`label=hi\nconn=${ips.join(',')}:5000\nbackup=none\n`);

    const again = await deploy('scaled', [{ ...server, instances: 2 }, client]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Updating instance');
  });
});
