import { describe, expect, it } from 'vitest';
import type { FileSystem } from '../../ports/file-system.js';
import type { CommandSpec } from './command-spec.js';
import { parseGoInt } from './go-int.js';
import { list, text, value, type ParseContext } from './option.js';
import { parseArgs } from './parse-args.js';
import { parseReleaseOrSeries, parseSlug } from './slugs.js';

const fs: FileSystem = {
  readFile: () => Promise.reject(new Error('no files')),
  writeFile: () => Promise.resolve(),
  fileExists: () => Promise.resolve(false),
  expandPath: (p) => p,
};
const ctx: ParseContext = { env: {}, fs, readStdin: () => Promise.resolve(new Uint8Array()) };

const tasks: CommandSpec = {
  name: 'tasks',
  aliases: ['ts'],
  description: 'List running or recent tasks',
  goOptsType: 'TasksOpts',
  options: {
    recent: value(
      { long: 'recent', short: 'r', description: 'r', goType: '*int', optional: { optionalValue: '30' } },
      parseGoInt,
    ),
    types: list({ long: 'type', short: 't', description: 't', goType: '[]string', optional: {} }, text),
  },
  args: [],
};
const update: CommandSpec = {
  name: 'update-config',
  aliases: ['uc'],
  description: 'Update config',
  goOptsType: 'UpdateConfigOpts',
  options: {
    type: value({ long: 'type', description: 'type', required: true }, text),
    name: value({ long: 'name', description: 'name', required: true }, text),
    value: value({ long: 'value', description: 'v' }, text),
  },
  args: [{ name: 'PATH', description: 'p', required: true }],
};

async function parse(argv: string[]) {
  const r = await parseArgs(argv, {}, [tasks, update], ctx);
  if (r.kind !== 'command') throw new Error(r.kind);
  return r;
}
async function failure(argv: string[]): Promise<string> {
  return parse(argv).then(
    () => 'no error',
    (e: unknown) => (e as Error).message,
  );
}

describe('go-flags optional arguments', () => {
  it('take the optional value when none is attached, and never the next word', async () => {
    expect((await parse(['tasks', '-r'])).options['recent']).toBe(30);
    expect((await parse(['tasks', '--recent=5'])).options['recent']).toBe(5);
    expect((await parse(['tasks', '-r7'])).options['recent']).toBe(7);
    expect((await parse(['tasks', '-r=8'])).options['recent']).toBe(8);
    expect((await parse(['tasks', '-r', '9'])).extra).toEqual(['9']);
    expect((await parse(['tasks'])).options['recent']).toBeUndefined();
  });

  it('without an optional value, a bare option resets the list', async () => {
    expect((await parse(['tasks', '--type=a', '-t=b'])).options['types']).toEqual(['a', 'b']);
    expect((await parse(['tasks', '--type=a', '-t'])).options['types']).toEqual([]);
  });
});

describe('go-flags required options', () => {
  it('are reported sorted before missing arguments', async () => {
    expect(await failure(['uc'])).toBe("the required flags `--name' and `--type' were not specified");
    expect(await failure(['uc', '--name', 'n'])).toBe("the required flag `--type' was not specified");
    expect(await failure(['uc', '--name', 'n', '--type', 't'])).toBe(
      'the required argument `PATH` was not provided',
    );
  });

  it('take a PEM-like value that starts with dashes, but not an option', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n';
    expect((await parse(['uc', '--name', 'n', '--type', 't', '--value', pem, 'p'])).options['value']).toBe(
      pem,
    );
    expect(await failure(['uc', '--value', '-x'])).toBe(
      "expected argument for flag `--value', but got option `-x'",
    );
  });
});

describe('ints, slugs', () => {
  it('parses ints as strconv.ParseInt(s, 0, 64)', () => {
    expect([
      parseGoInt('42'),
      parseGoInt('-7'),
      parseGoInt('0x1f'),
      parseGoInt('010'),
      parseGoInt('0b11'),
    ]).toEqual([42, -7, 31, 8, 3]);
    expect(() => parseGoInt('4x')).toThrow('strconv.ParseInt: parsing "4x": invalid syntax');
    expect(() => parseGoInt('99999999999999999999')).toThrow('value out of range');
  });

  it('parses NAME/VERSION and NAME[/VERSION] with bosh-cli texts', () => {
    expect(parseSlug('stemcell', 'a/1')).toEqual({ name: 'a', version: '1' });
    expect(() => parseSlug('stemcell', 'a')).toThrow("Expected stemcell 'a' to be in format 'name/version'");
    expect(() => parseSlug('release', '/1')).toThrow("Expected release '/1' to specify non-empty name");
    expect(() => parseSlug('OS', 'a/')).toThrow("Expected OS 'a/' to specify non-empty version");
    expect(parseReleaseOrSeries('a')).toEqual({ name: 'a', version: '' });
    expect(() => parseReleaseOrSeries('a/')).toThrow("Expected release 'a/' to specify non-empty version");
  });
});
