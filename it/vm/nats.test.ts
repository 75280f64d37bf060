import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putBlob, sha1 } from '../agent/fixtures.js';
import { Director, NatsServer, waitFor } from '../agent-nats/harness.js';
import { applySpec, LocalCloud } from './support.js';

// The director's path over NATS end to end: a local stemcell, a VM from the local CPI whose agent's mbus is a
// real nats-server, and the agent on that VM answering ping, compiling a package and running a job — all
// through `agent.<agent_id>` requests with replies on the director's inbox.
let cloud: LocalCloud;
let nats: NatsServer;
let director: Director;
beforeAll(async () => {
  cloud = await LocalCloud.create();
  nats = await NatsServer.start(join(cloud.dir, 'nats'));
  const config = JSON.parse(await readFile(cloud.configPath, 'utf8')) as { agent: Record<string, unknown> };
  config.agent.mbus = nats.url;
  await writeFile(cloud.configPath, JSON.stringify(config));
  director = await Director.connect(nats.port);
}, 60_000);
afterAll(async () => {
  await director.close().catch(() => undefined);
  await cloud.destroy();
  await nats.kill();
}, 60_000);

describe('a local VM over NATS', { timeout: 180_000 }, () => {
  it('answers ping, compiles a package and runs the fixture job', async () => {
    const vm = await cloud.createVm('agent-vm-nats');
    await director.waitUntilReady(vm.agentId);
    expect(await director.request(vm.agentId, 'ping', [])).toEqual({ value: 'pong' });

    const sourceDigest = await putBlob(cloud.dir, cloud.blobstore, 'source-hello', {
      packaging:
        'set -e\nmkdir -p "$BOSH_INSTALL_TARGET/bin"\ncp hello.sh "$BOSH_INSTALL_TARGET/bin/hello"\n' +
        'echo "$BOSH_PACKAGE_NAME/$BOSH_PACKAGE_VERSION in $BOSH_COMPILE_TARGET" > "$BOSH_INSTALL_TARGET/built"\n',
      'hello.sh': '#!/bin/sh\necho hello\n',
    });
    const compiled = (await director.runTask(
      vm.agentId,
      'compile_package',
      'source-hello',
      sourceDigest,
      'hello',
      'fp.1',
      {},
    )) as {
      value: { result: { blobstore_id: string; sha1: string } };
    };
    const blob = await readFile(join(cloud.blobstore, compiled.value.result.blobstore_id));
    expect(compiled.value.result.sha1).toBe(sha1(blob));
    // The package was built inside the VM, whose /var/vcap is the VM's directory.
    const out = join(cloud.dir, 'compiled-hello');
    await mkdir(out);
    await extract({ file: join(cloud.blobstore, compiled.value.result.blobstore_id), cwd: out });
    expect(await readFile(join(out, 'built'), 'utf8')).toBe('hello/fp.1 in /var/vcap/data/compile/hello\n');
    expect(await readFile(join(out, 'bin', 'hello'), 'utf8')).toBe('#!/bin/sh\necho hello\n');

    expect(await director.runTask(vm.agentId, 'apply', await applySpec(vm))).toEqual({ value: 'applied' });
    expect(await director.runTask(vm.agentId, 'run_script', 'pre-start', {})).toEqual({ value: {} });
    expect(await director.request(vm.agentId, 'start', [])).toEqual({ value: 'started' });
    await waitFor(
      'the job to be running',
      async () => {
        const state = (await director.request(vm.agentId, 'get_state', [])) as {
          value: { job_state: string };
        };
        return state.value.job_state === 'running';
      },
      60_000,
    );
    await cloud.deleteVm(vm);
  });
});
