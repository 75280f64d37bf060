import { describe, expect, it } from 'vitest';
import type { FileSystem } from '../../ports/file-system.js';
import type { CommandSpec } from './command-spec.js';
import { flag, list, type ParseContext, text, value } from './option.js';
import { parseArgs } from './parse-args.js';

const fs: FileSystem = {
  readFile: () => Promise.reject(new Error('no files here')),
  writeFile: () => Promise.resolve(),
  fileExists: () => Promise.resolve(false),
  expandPath: (p) => `/abs/${p}`,
};
const ctx = (env: Record<string, string> = {}): ParseContext => ({
  env,
  fs,
  readStdin: () => Promise.resolve(new Uint8Array()),
});

const globals = {
  version: flag({ long: 'version', short: 'v', description: 'Show CLI version', action: 'version' }),
  deployment: value(
    { long: 'deployment', short: 'd', description: 'Deployment name', env: 'BOSH_DEPLOYMENT' },
    text,
  ),
  json: flag({ long: 'json', description: 'Output as JSON' }),
  nonInteractive: flag({
    long: 'non-interactive',
    short: 'n',
    description: 'no input',
    env: 'BOSH_NON_INTERACTIVE',
  }),
};
const interpolate: CommandSpec = {
  name: 'interpolate',
  aliases: ['int'],
  description: 'Interpolates variables into a manifest',
  goOptsType: 'InterpolateOpts',
  options: {
    vars: list(
      { long: 'var', short: 'v', description: 'Set variable', goType: '[]template.VarKV' },
      (raw) => {
        if (!raw.includes('=')) throw new Error(`Expected var '${raw}' to be in format 'name=value'`);
        return raw;
      },
    ),
    path: value({ long: 'path', description: 'Extract', goType: 'patch.Pointer' }, text),
    varErrs: flag({ long: 'var-errs', description: 'errs' }),
  },
  args: [{ name: 'PATH', description: 'Path', required: true }],
};
const deploy: CommandSpec = { ...interpolate, name: 'deploy', aliases: ['d'], goOptsType: 'DeployOpts' };
const commands = [interpolate, deploy];

async function failure(argv: string[]): Promise<string> {
  try {
    await parseArgs(argv, globals, commands, ctx());
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a parse error');
}

describe('parseArgs', () => {
  it('finds commands by alias, with global options before and after, and -v as --var inside the command', async () => {
    const r = await parseArgs(
      ['-d', 'cf', 'int', 'm.yml', '-v', 'a=1', '--var=b=2', '--json', '-n'],
      globals,
      commands,
      ctx(),
    );
    expect(r.kind).toBe('command');
    if (r.kind !== 'command') return;
    expect(r.command.name).toBe('interpolate');
    expect(r.options.vars).toEqual(['a=1', 'b=2']);
    expect(r.globals).toMatchObject({ deployment: 'cf', json: true, nonInteractive: true });
    expect(r.args).toEqual(['m.yml']);
  });

  it('reads BOSH_* environment variables, and lets flags override them', async () => {
    const r = await parseArgs(
      ['int', 'x'],
      globals,
      commands,
      ctx({ BOSH_DEPLOYMENT: 'env-dep', BOSH_NON_INTERACTIVE: 'true' }),
    );
    expect(r.kind === 'command' && r.globals).toMatchObject({ deployment: 'env-dep', nonInteractive: true });
    const r2 = await parseArgs(
      ['int', 'x', '-d', 'flag-dep'],
      globals,
      commands,
      ctx({ BOSH_DEPLOYMENT: 'env-dep' }),
    );
    expect(r2.kind === 'command' && r2.globals.deployment).toBe('flag-dep');
  });

  it('treats -v before a command as --version and -h/--help anywhere as help', async () => {
    expect((await parseArgs(['-v'], globals, commands, ctx())).kind).toBe('version');
    expect(await parseArgs(['int', '-h'], globals, commands, ctx())).toMatchObject({
      kind: 'help',
      command: interpolate,
    });
    expect(await parseArgs(['--help'], globals, commands, ctx())).toMatchObject({
      kind: 'help',
      command: undefined,
    });
  });

  it('lets a command have its own --version option (create-release --version 10.1)', async () => {
    const withVersion: CommandSpec = {
      ...deploy,
      name: 'create-release',
      aliases: [],
      options: { version: value({ long: 'version', description: 'Custom release version' }, text) },
      args: [],
    };
    const r = await parseArgs(['create-release', '--version', '10.1'], globals, [withVersion], ctx());
    expect(r.kind === 'command' && r.options.version).toBe('10.1');
    expect((await parseArgs(['create-release', '-v'], globals, [withVersion], ctx())).kind).toBe('version');
  });

  it('accepts attached short values, "--" and "-" as a positional', async () => {
    const r = await parseArgs(['int', '-va=1', '--', '-'], globals, commands, ctx());
    expect(r.kind === 'command' && [r.options.vars, r.args]).toEqual([['a=1'], ['-']]);
  });

  it('collects extra arguments for the caller to reject', async () => {
    const r = await parseArgs(['int', 'a', 'b', 'c'], globals, commands, ctx());
    expect(r.kind === 'command' && r.extra).toEqual(['b', 'c']);
  });

  it.each([
    [['int', 'x', '--nope'], "unknown flag `nope'"],
    [['int', 'x', '-z'], "unknown flag `z'"],
    [['int', 'x', '--path'], "expected argument for flag `--path'"],
    [['int', 'x', '-v', '--json'], "expected argument for flag `-v, --var', but got option `--json'"],
    [['int', 'x', '--path', '--'], "expected argument for flag `--path', but got double dash `--'"],
    [['int', 'x', '--json=yes'], "bool flag `--json' cannot have an argument"],
    [
      ['int', 'x', '-v', 'novalue'],
      "invalid argument for flag `-v, --var' (expected []template.VarKV): Expected var 'novalue' to be in format 'name=value'",
    ],
    [
      ['int', 'x', '--path', '"unterminated'],
      "invalid argument for flag `--path' (expected patch.Pointer): invalid syntax",
    ],
    [['int'], 'the required argument `PATH` was not provided'],
    [['intrpolate'], "Unknown command `intrpolate', did you mean `interpolate'?"],
    [['zzz'], "Unknown command `zzz'. Please specify one command of: deploy or interpolate"],
    [[], 'Please specify one command of: deploy or interpolate'],
  ])('%j fails with go-flags words', async (argv, message) => {
    expect(await failure(argv)).toBe(message);
  });

  it('unquotes a value that starts with a double quote, as go-flags does', async () => {
    const r = await parseArgs(['int', 'x', '--path', '"/a b"'], globals, commands, ctx());
    expect(r.kind === 'command' && r.options.path).toBe('/a b');
  });
});
