import { isatty } from 'node:tty';
import { LazyCredentialGenerator } from '../adapters/credentials/lazy.js';
import { NodeFileSystem, readStdin } from '../adapters/fs/node-file-system.js';
import { commands } from './commands/registry.js';
import { runCli } from './run-cli.js';
import { PaddingUi } from './ui/padding-ui.js';
import { WriterUi } from './ui/writer-ui.js';

/** The `bosh` executable: the only place that builds adapters. */
export async function main(argv: readonly string[]): Promise<number> {
  const fs = new NodeFileSystem();
  const env = process.env;
  const writer = new WriterUi(
    { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
    isatty(0),
  );
  return runCli(argv, commands, {
    deps: { fs, env, credentials: new LazyCredentialGenerator() },
    parseContext: { env, fs, readStdin },
    stdoutIsTty: isatty(1),
    baseUi: new PaddingUi(writer),
  });
}
