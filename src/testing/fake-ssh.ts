/**
 * A stand-in for the system `ssh` in CLI tests: a script put first on PATH that records its arguments and the
 * key and known_hosts files they name, prints `out on <host>` / `err on <host>` and exits with `exitCode`. Each
 * test file (its own process) gets one; `reset` before each test.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';

const SCRIPT = `#!/bin/sh
prev=""; for a in "$@"; do
  [ "$a" = "-l" ] && host="$prev"
  case "$a" in
    UserKnownHostsFile=*) cp "\${a#UserKnownHostsFile=}" "$FAKE_SSH_DIR/$$.known_hosts" ;;
    IdentityFile=*) cp "\${a#IdentityFile=}" "$FAKE_SSH_DIR/$$.key" ;;
  esac
  prev="$a"
done
printf '%s\\n' "$@" > "$FAKE_SSH_DIR/$$.args"
echo "out on $host"
echo "err on $host" >&2
exit "\${FAKE_SSH_EXIT:-0}"
`;

export class FakeSsh {
  private readonly savedPath = process.env['PATH'];
  private calls = '';

  private constructor(
    private readonly dir: string,
    readonly bin: string,
  ) {}

  static async install(dir: string): Promise<FakeSsh> {
    const bin = await mkdtemp(join(dir, 'bin-'));
    await writeFile(join(bin, 'ssh'), SCRIPT, { mode: 0o755 });
    const fake = new FakeSsh(dir, bin);
    fake.onPath();
    return fake;
  }

  onPath(): void {
    process.env['PATH'] = `${this.bin}:${this.savedPath ?? ''}`;
  }

  /** PATH as it was before. */
  uninstall(): void {
    process.env['PATH'] = this.savedPath;
  }

  async reset(): Promise<void> {
    this.calls = await mkdtemp(join(this.dir, 'calls-'));
    process.env['FAKE_SSH_DIR'] = this.calls;
    this.exitCode = 0;
  }

  set exitCode(code: number) {
    process.env['FAKE_SSH_EXIT'] = String(code);
  }

  /** Per run: its arguments (one per line), or the contents of the known_hosts or key file it was given. */
  async recorded(ext: 'args' | 'known_hosts' | 'key'): Promise<string[]> {
    const files = (await readdir(this.calls)).filter((f) => f.endsWith(`.${ext}`));
    return Promise.all(files.map((f) => readFile(join(this.calls, f), 'utf8')));
  }
}

/** Installs the fake `ssh` in `home()` for the file (after the harness made it) and resets its records per test. */
export function useFakeSsh(home: () => string, use: (ssh: FakeSsh) => void): void {
  let ssh: FakeSsh | undefined;
  beforeAll(async () => {
    ssh = await FakeSsh.install(home());
    use(ssh);
  });
  afterAll(() => {
    ssh?.uninstall();
  });
  beforeEach(() => ssh?.reset());
}
