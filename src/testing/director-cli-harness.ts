import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileSystem } from '../adapters/fs/node-file-system.js';
import { LazyCredentialGenerator } from '../adapters/credentials/lazy.js';
import { commands } from '../cli/commands/registry.js';
import { BoshConfig } from '../cli/director-client/bosh-config.js';
import type { ReleaseTools } from '../cli/release/release-tools.js';
import { runCli } from '../cli/run-cli.js';
import { PaddingUi } from '../cli/ui/padding-ui.js';
import type { PromptInput } from '../cli/ui/ui.js';
import { WriterUi } from '../cli/ui/writer-ui.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeDirector } from './fake-director.js';

export interface CliRun {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** `--tty`-like output (stdout is a terminal). */
  readonly tty?: boolean;
  /** Lines typed on stdin (not a terminal); the end of input after them. */
  readonly answers?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly releaseTools?: () => Promise<ReleaseTools>;
}

/** The line every command against the fake director starts with. */
export const usingEnvironment = (url: string): string => `Using environment '${url}' as client 'admin'\n\n`;

/** The lines a deployment command against the fake director starts with. */
export const usingDeployment = (url: string, name: string): string =>
  `${usingEnvironment(url)}Using deployment '${name}'\n\n`;

/** A scratch HOME for `~/.bosh/config`, and `bosh` runs in-process against it. */
export class DirectorCliHarness {
  private constructor(readonly home: string) {}

  static async create(): Promise<DirectorCliHarness> {
    return new DirectorCliHarness(await mkdtemp(join(tmpdir(), 'bosh-cli-director-')));
  }

  get configPath(): string {
    return join(this.home, '.bosh', 'config');
  }

  async dispose(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }

  /** `bosh -e test args...`: against the environment `useDirectorCli` logged in to. */
  onTest(args: readonly string[], o: RunOptions = {}): Promise<CliRun> {
    return this.run(['-e', 'test', ...args], o);
  }

  async run(args: readonly string[], o: RunOptions = {}): Promise<CliRun> {
    const out: string[] = [];
    const err: string[] = [];
    const answers = [...(o.answers ?? [])];
    const input: PromptInput = {
      terminal: false,
      readLine: () => Promise.resolve(answers.shift() ?? null),
    };
    const env = { HOME: this.home, ...o.env };
    const fs = new NodeFileSystem(this.home);
    const writer = new WriterUi({ stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, false, input);
    const exit = await runCli(args, commands, {
      deps: {
        fs,
        env,
        cwd: o.cwd ?? this.home,
        credentials: new LazyCredentialGenerator(),
        releaseTools: o.releaseTools ?? (() => Promise.reject(new Error('no release tools in this test'))),
        directorTiming: { taskPollMs: 1, retryDelayMs: 1 },
      },
      parseContext: { env, fs, readStdin: () => Promise.resolve(new Uint8Array()) },
      stdoutIsTty: o.tty ?? false,
      baseUi: new PaddingUi(writer),
      stderr: (s) => err.push(s),
    });
    return { exit, stdout: out.join(''), stderr: err.join('') };
  }
}

/** Saves an environment `alias` for `url` with its CA and (when given) basic credentials, as `alias-env` + `log-in` would. */
export async function saveEnvironment(
  h: DirectorCliHarness,
  env: { url: string; ca: string; alias: string; username?: string; password?: string },
): Promise<void> {
  let config = (await BoshConfig.load(h.configPath, new NodeFileSystem(h.home))).aliasEnvironment(
    env.url,
    env.alias,
    env.ca,
  );
  if (env.username !== undefined) {
    config = config.setCredentials(env.alias, {
      client: env.username,
      clientSecret: env.password ?? '',
      accessTokenType: '',
      accessToken: '',
      refreshToken: '',
    });
  }
  await config.save();
}

/**
 * For a test file: a FakeDirector and a harness whose environment `test` is logged in as `admin`, started before
 * all tests (then handed to `ready`), stopped after them, with the requests seen cleared before each test.
 */
export function useDirectorCli(
  ready: (d: FakeDirector, h: DirectorCliHarness) => void | Promise<void>,
): void {
  let d: FakeDirector | undefined;
  let h: DirectorCliHarness | undefined;
  beforeAll(async () => {
    d = await new FakeDirector().start();
    h = await DirectorCliHarness.create();
    await saveEnvironment(h, { url: d.url, ca: d.ca, alias: 'test', username: 'admin', password: 'secret' });
    await ready(d, h);
  });
  afterAll(async () => {
    await d?.stop();
    await h?.dispose();
  });
  beforeEach(() => {
    if (d !== undefined) d.seen.length = 0;
  });
}
