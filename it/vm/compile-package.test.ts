import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { putBlob, sha1 } from '../agent/fixtures.js';
import { LocalCloud } from './support.js';

// compile_package on a local VM over the HTTPS mbus, as the director's compilation VMs are used: the source and
// a compiled dependency come from the blobstore, packaging runs inside the VM, the result goes back up.
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await LocalCloud.create();
});
afterEach(() => cloud.deleteAllVms(), 60_000);
afterAll(() => cloud.destroy(), 60_000);

describe('a compilation VM', { timeout: 180_000 }, () => {
  it('builds a package against its compiled dependency and uploads it', async () => {
    const vm = await cloud.createVm('agent-compile');
    await vm.waitForAgent();
    const depDigest = await putBlob(cloud.dir, cloud.blobstore, 'compiled-libgreet', {
      'greeting.txt': 'hello from libgreet\n',
    });
    const sourceDigest = await putBlob(cloud.dir, cloud.blobstore, 'source-app', {
      packaging:
        'set -e\nmkdir -p "$BOSH_INSTALL_TARGET"\n' +
        'cat /var/vcap/packages/libgreet/greeting.txt > "$BOSH_INSTALL_TARGET/greeting"\n' +
        'echo "$BOSH_PACKAGE_NAME/$BOSH_PACKAGE_VERSION in $BOSH_COMPILE_TARGET" > "$BOSH_INSTALL_TARGET/built"\n',
    });
    const deps = {
      libgreet: { name: 'libgreet', version: 'fp-lib.1', sha1: depDigest, blobstore_id: 'compiled-libgreet' },
    };
    const done = (await vm.runTask(
      'compile_package',
      'source-app',
      sourceDigest,
      'app',
      'fp-app.1',
      deps,
    )) as {
      value: { result: { blobstore_id: string; sha1: string } };
    };
    const tarball = join(cloud.blobstore, done.value.result.blobstore_id);
    expect(done.value.result.sha1).toBe(sha1(await readFile(tarball)));
    const out = join(cloud.dir, 'compiled-app');
    await mkdir(out);
    await extract({ file: tarball, cwd: out });
    expect(await readFile(join(out, 'greeting'), 'utf8')).toBe('hello from libgreet\n');
    expect(await readFile(join(out, 'built'), 'utf8')).toBe('app/fp-app.1 in /var/vcap/data/compile/app\n');
  });
});
