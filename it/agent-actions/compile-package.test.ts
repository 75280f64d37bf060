import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob, sha1 } from '../agent/fixtures.js';
import { AgentProcess } from '../agent/harness.js';

let root: string;
let agent: AgentProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-compile-'));
});
afterEach(async () => {
  await agent?.kill();
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

const blobstore = () => join(root, 'blobstore');

/** A compiled dependency `libgreet` (what an earlier compile_package uploaded). */
async function dependency() {
  const digest = await putBlob(root, blobstore(), 'compiled-libgreet', {
    'lib/greeting.txt': 'hello from libgreet\n',
    'bin/greet': '#!/bin/sh\ncat "$(dirname "$0")/../lib/greeting.txt"\n',
  });
  return {
    libgreet: { name: 'libgreet', version: 'fp-libgreet.1', sha1: digest, blobstore_id: 'compiled-libgreet' },
  };
}

describe('compile_package', () => {
  it('builds the package with its dependency installed and uploads the install target', async () => {
    const a = await AgentProcess.start({ root });
    agent = a;
    const deps = await dependency();
    const sourceDigest = await putBlob(root, blobstore(), 'source-app', {
      packaging: [
        'set -e',
        'deps="$(dirname "$BOSH_INSTALL_TARGET")"',
        'mkdir -p "$BOSH_INSTALL_TARGET/bin" "$BOSH_INSTALL_TARGET/share"',
        '"$deps/libgreet/bin/greet" > "$BOSH_INSTALL_TARGET/share/greeting"',
        'cp app/main.sh "$BOSH_INSTALL_TARGET/bin/app"',
        'echo "$BOSH_PACKAGE_NAME/$BOSH_PACKAGE_VERSION" > "$BOSH_INSTALL_TARGET/share/built-as"',
        'echo "compiled in $BOSH_COMPILE_TARGET"',
      ].join('\n'),
      'app/main.sh': '#!/bin/sh\necho app\n',
    });

    const started = (await a.send(
      'compile_package',
      'source-app',
      sourceDigest,
      'app',
      'fp-app.1',
      deps,
    )) as {
      value: { agent_task_id: string; state: string };
    };
    expect(started.value.state).toBe('running');
    const done = (await a.waitTask(started.value.agent_task_id)) as {
      value: { result: { blobstore_id: string; sha1: string } };
    };
    expect(Object.keys(done.value)).toEqual(['result']);
    expect(Object.keys(done.value.result)).toEqual(['blobstore_id', 'sha1']);
    const { blobstore_id: id, sha1: digest } = done.value.result;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const tarball = join(blobstore(), id);
    const bytes = await readFile(tarball);
    expect(digest).toBe(sha1(bytes));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const entries: string[] = [];
    await list({ file: tarball, onReadEntry: (e) => entries.push(e.path) });
    expect(entries.sort()).toEqual([
      './',
      './bin/',
      './bin/app',
      './share/',
      './share/built-as',
      './share/greeting',
    ]);
    const out = join(root, 'compiled');
    await mkdir(out);
    await extract({ file: tarball, cwd: out });
    expect(await readFile(join(out, 'share/greeting'), 'utf8')).toBe('hello from libgreet\n');
    expect(await readFile(join(out, 'share/built-as'), 'utf8')).toBe('app/fp-app.1\n');
    expect(await readFile(join(out, 'bin/app'), 'utf8')).toBe('#!/bin/sh\necho app\n');

    // The packaging output is logged; the compile dir and every installed package are gone again.
    expect(await readFile(join(a.base, 'sys/log/compilation/packaging.stdout.log'), 'utf8')).toBe(
      `compiled in ${join(a.base, 'data/compile/app')}\n`,
    );
    expect(existsSync(join(a.base, 'data/compile/app'))).toBe(false);
    expect(await readdir(join(a.base, 'packages'))).toEqual([]);
  });

  it('reports a failing packaging script with its output, as the agent does', async () => {
    const a = await AgentProcess.start({ root });
    agent = a;
    const sourceDigest = await putBlob(root, blobstore(), 'source-bad', {
      packaging: 'echo "configuring bad"\necho "checking for cc... no" >&2\nexit 7\n',
    });
    const result = (await a.runTask(
      'compile_package',
      'source-bad',
      sourceDigest,
      'bad',
      'fp-bad.1',
      {},
    )) as {
      exception: { message: string };
    };
    // bosh-agent's FileLoggingCmdRunner drops up to the first line break of each tail (here: all of stdout).
    expect(result.exception.message).toMatch(
      /^Action Failed get_task: Task [-0-9a-f]+ result: Compiling package bad: Running packaging script: Running packaging script: Command exited with 7; Stdout: , Stderr: \+ echo 'checking for cc\.\.\. no'\nchecking for cc\.\.\. no\n\+ exit 7\n$/,
    );
    expect(await readFile(join(a.base, 'sys/log/compilation/packaging.stdout.log'), 'utf8')).toBe(
      'configuring bad\n',
    );
  });

  it('refuses a source or dependency that does not match its digest', async () => {
    const a = await AgentProcess.start({ root });
    agent = a;
    const deps = await dependency();
    const sourceDigest = await putBlob(root, blobstore(), 'source-app', { packaging: 'true\n' });
    const tampered = { libgreet: { ...deps.libgreet, sha1: 'f'.repeat(40) } };
    const result = (await a.runTask(
      'compile_package',
      'source-app',
      sourceDigest,
      'app',
      'v1',
      tampered,
    )) as {
      exception: { message: string };
    };
    expect(result.exception.message).toMatch(
      /^Action Failed get_task: Task [-0-9a-f]+ result: Compiling package app: Installing dependent package: 'libgreet': Fetching package blob: Checking downloaded blob 'compiled-libgreet': Expected stream to have digest 'f{40}' but was '[0-9a-f]{40}'$/,
    );
    const bad = (await a.runTask('compile_package', 'source-app', 'e'.repeat(40), 'app', 'v1', {})) as {
      exception: { message: string };
    };
    expect(bad.exception.message).toMatch(
      /result: Compiling package app: Fetching package app: Fetching package blob source-app: Checking downloaded blob 'source-app': Expected stream to have digest 'e{40}'/,
    );
  });
});
