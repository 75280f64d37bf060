import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tableRows } from '../../test/support/bosh-table.js';
import { canBind, setAgentEnv } from './agent-support.js';
import { loopbackRange } from './cloud-config.js';
import { nginxRelease } from './nginx-release.js';
import { writeOneGroupManifest } from './one-group-manifest.js';
import { instancesOf } from './query-support.js';
import { cpiDir, sharedDeployEnv } from './support.js';

// Source 000: `bosh -d nginx deploy` fails on a pre-start that exits 1; the logs and `bosh ssh -c` show why;
// after fixing the manifest the deploy converges; `--recreate` replaces the VMs; `--fix` repairs an instance whose
// VM was deleted behind BOSH's back; `bosh manifest` returns what was deployed.
let sshOpts: string[] = [];
const range = loopbackRange();
const env = sharedDeployEnv(
  'it-seed-000-',
  { release: nginxRelease, subnet: { az: 'z1', dns: [], cloud_properties: { range: `${range}.0/24` } } },
  async (e) => {
    // The agents serve SSH on port 22 of their IP unless the host holds it (an sshd on 0.0.0.0).
    if (!(await canBind(`${range}.250`, 22))) {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      await setAgentEnv(e, { BOSH_AGENT_SSH_PORT: String(port) });
      sshOpts = ['--opts=-p', `--opts=${String(port)}`, `--opts=-oHostKeyAlias=${range}.2`];
    }
  },
);

function writeManifest(preStart: string): Promise<string> {
  return writeOneGroupManifest(join(env.dir, 'manifest.yml'), 'nginx', {
    release: 'nginx',
    job: 'nginx',
    instances: 1,
    watch: '1000-30000',
    properties: { pre_start: preStart },
  });
}

const instances = () => instancesOf(env, 'nginx');

/** Deletes a VM the way an operator in the IaaS console would: through the CPI, without the director. */
function deleteVmBehindBoshsBack(cid: string): void {
  const data = join(env.dir, 'director');
  const run = spawnSync(join(data, 'bosh-local-cpi'), [join(data, 'cpi.json')], {
    input: JSON.stringify({ method: 'delete_vm', arguments: [cid], context: { director_uuid: 'operator' } }),
  });
  expect(JSON.parse(run.stdout.toString())).toMatchObject({ error: null });
}

describe('the seed 000 troubleshooting flow', { timeout: 300_000 }, () => {
  it('fails on pre-start exactly as BOSH does, then converges, recreates and fixes', async () => {
    const failing = await writeManifest("echo '강제  ERROR CODE 삽입'\nexit 1");
    const deploy = await env.bosh(['-d', 'nginx', 'deploy', failing]);
    expect(deploy.code).toBe(1);
    // The seed's shape: the canary's line with its error under it, then the task's error; the text is the agent's
    // (a failing pre-start is reported by the agent's run_script task, as on real BOSH).
    const message =
      /Action Failed get_task: Task [0-9a-f-]+ result: 1 of 1 pre-start scripts failed\. Failed Jobs: nginx\./;
    expect(deploy.stdout).toMatch(/Updating instance nginx: nginx\/[0-9a-f-]+ \(0\) \(canary\)\n/);
    expect(deploy.stdout).toMatch(
      new RegExp(
        `L executing pre-start: nginx/[0-9a-f-]+ \\(0\\) \\(canary\\) \\(\\d\\d:\\d\\d:\\d\\d\\)\\n {18}L Error: ${message.source}`,
      ),
    );
    expect(deploy.stdout).toMatch(new RegExp(`\\| Error: ${message.source}\\n`));
    expect(deploy.stderr).toMatch(
      /^Updating deployment:\n {2}Expected task '\d+' to succeed but state is 'error'/m,
    );

    const [failed] = await instances();
    expect(failed?.cid).toMatch(/^vm-/);
    const vmLog = cpiDir(env, 'vms', failed?.cid ?? '', 'sys', 'log', 'nginx');
    expect(await readFile(join(vmLog, 'pre-start.stderr.log'), 'utf8')).toContain('+ exit 1');
    expect(await readFile(join(vmLog, 'pre-start.stdout.log'), 'utf8')).toContain('강제  ERROR CODE 삽입');

    // bosh logs: the job's logs, pre-start's output among them.
    const logs = await env.bosh(['-d', 'nginx', 'logs', 'nginx/0', '--dir', env.dir]);
    expect(logs.code).toBe(0);
    const bundle = /Downloading resource '[^']+' to '([^']+)'\.\.\./.exec(logs.stdout)?.[1] ?? '';
    const listing = spawnSync('tar', ['-tzf', bundle]).stdout.toString();
    expect(listing).toMatch(/nginx\/pre-start\.stderr\.log/);
    // bosh ssh -c: the seed's `cat pre-start.stderr.log`, each line prefixed with the instance.
    const ssh = await env.bosh([
      '-d',
      'nginx',
      'ssh',
      'nginx/0',
      '-c',
      'cat /var/vcap/sys/log/nginx/pre-start.stderr.log',
      ...sshOpts,
    ]);
    expect(ssh.code).toBe(0);
    expect(ssh.stdout).toMatch(/nginx\/[0-9a-f-]+: stdout \| \+ exit 1/);

    // Fixed manifest: the same VM is updated (its update never completed) and runs.
    const fixed = await writeManifest("echo 'pre-start ok'");
    const converge = await env.bosh(['-d', 'nginx', 'deploy', fixed]);
    expect(converge.stderr).toBe('');
    expect(converge.code).toBe(0);
    expect(converge.stdout).not.toContain('Creating missing vms');
    const [converged] = await instances();
    expect(converged?.cid).toBe(failed?.cid);
    expect((await env.bosh(['-d', 'nginx', 'instances'])).stdout).toMatch(/nginx\/[0-9a-f-]+\s+running/);

    // bosh manifest: the deployed manifest, as uploaded.
    const manifest = await env.bosh(['-d', 'nginx', 'manifest']);
    expect(manifest.code).toBe(0);
    // The CLI uploads the manifest as it marshals it (keys sorted, as bosh-cli's deploy does): the same document.
    const printed = /Using deployment 'nginx'\n\n([\s\S]*)\nSucceeded\n$/.exec(manifest.stdout)?.[1] ?? '';
    expect(parse(printed)).toEqual(parse(await readFile(fixed, 'utf8')));
    expect(printed.startsWith('instance_groups:\n- azs:\n')).toBe(true);

    // --recreate: a new VM for the same instance.
    const recreate = await env.bosh(['-d', 'nginx', 'deploy', fixed, '--recreate']);
    expect(recreate.code).toBe(0);
    expect(recreate.stdout).toMatch(/Updating instance nginx: nginx\/[0-9a-f-]+ \(0\) \(canary\)/);
    expect(recreate.stdout).toContain('L executing drain');
    const [recreated] = await instances();
    expect(recreated?.id).toBe(converged?.id);
    expect(recreated?.cid).not.toBe(converged?.cid);
    // The old VM went through DeleteVmStep: a `delete vm` event and its end, for its cid and instance.
    const events = tableRows(
      await env.bosh(['events', '--object-type', 'vm', '--action', 'delete', '--json']),
    );
    const deleted = events.filter((e) => e.object_name === converged?.cid);
    expect(deleted).toHaveLength(2);
    expect(
      deleted.every((e) => e.instance === `nginx/${converged?.id ?? ''}` && e.deployment === 'nginx'),
    ).toBe(true);

    // --fix: the VM deleted behind BOSH's back is replaced without waiting on its dead agent.
    deleteVmBehindBoshsBack(recreated?.cid ?? '');
    expect((await env.bosh(['-d', 'nginx', 'instances'])).stdout).toContain('unresponsive agent');
    const fix = await env.bosh(['-d', 'nginx', 'deploy', fixed, '--fix']);
    expect(fix.stderr).toBe('');
    expect(fix.code).toBe(0);
    expect(fix.stdout).not.toContain('L executing drain');
    const [repaired] = await instances();
    expect(repaired?.id).toBe(recreated?.id);
    expect(repaired?.cid).not.toBe(recreated?.cid);
    expect((await env.bosh(['-d', 'nginx', 'instances'])).stdout).toMatch(/nginx\/[0-9a-f-]+\s+running/);
  });
});
