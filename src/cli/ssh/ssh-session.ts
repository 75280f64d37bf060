/**
 * bosh-cli `ssh.SessionImpl`: the private key and known_hosts files one SSH run needs, created as Go's
 * `os.CreateTemp` does (`$TMPDIR/<pattern><random digits>`, mode 0600) and removed when the run ends.
 */
import { randomInt } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { knownHostsContent, type SessionFiles, type SshTargets } from './ssh-args.js';

async function tempFile(pattern: string, content: string, what: string): Promise<string> {
  for (;;) {
    const path = join(tmpdir(), `${pattern}${String(randomInt(2 ** 32))}`);
    try {
      await writeFile(path, '', { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw wrapError(e, `Creating temp file for SSH ${what}`);
    }
    try {
      if (content !== '') await writeFile(path, content);
    } catch (e) {
      await rm(path, { force: true });
      throw wrapError(e, `Writing SSH ${what}`);
    }
    return path;
  }
}

export class SshSession {
  private files: SessionFiles | undefined;

  constructor(
    private readonly privateKey: string,
    private readonly targets: SshTargets,
  ) {}

  async start(): Promise<SessionFiles> {
    const privateKeyPath = await tempFile('ssh-priv-key', this.privateKey, 'private key');
    let knownHostsPath: string;
    try {
      knownHostsPath = await tempFile('ssh-known-hosts', knownHostsContent(this.targets), 'known hosts');
    } catch (e) {
      await rm(privateKeyPath, { force: true });
      throw e;
    }
    this.files = { privateKeyPath, knownHostsPath };
    return this.files;
  }

  /** Removes both files (also when a signal ends the run early; calling it twice is harmless). */
  async finish(): Promise<void> {
    const files = this.files;
    if (files === undefined) return;
    await Promise.all([rm(files.privateKeyPath, { force: true }), rm(files.knownHostsPath, { force: true })]);
  }
}
