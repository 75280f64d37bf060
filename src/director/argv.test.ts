import { describe, expect, it } from 'vitest';
import { parseDirectorArgs } from './argv.js';

describe('bosh-director arguments', () => {
  it('takes a config file, or --data-dir with an optional --port', () => {
    expect(parseDirectorArgs(['director.yml'])).toEqual({ mode: 'config', configPath: 'director.yml' });
    expect(parseDirectorArgs(['--data-dir', '/d'])).toEqual({
      mode: 'embedded',
      dataDir: '/d',
      port: undefined,
    });
    expect(parseDirectorArgs(['--data-dir', '/d', '--port', '25555'])).toEqual({
      mode: 'embedded',
      dataDir: '/d',
      port: 25555,
    });
    expect(parseDirectorArgs(['-h'])).toEqual({ mode: 'help' });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseDirectorArgs([])).toThrow('Missing a config file or --data-dir');
    expect(() => parseDirectorArgs(['a.yml', '--data-dir', '/d'])).toThrow(
      'Give either a config file or --data-dir, not both',
    );
    expect(() => parseDirectorArgs(['--data-dir', '/d', '--port', 'x'])).toThrow("Invalid port 'x'");
    expect(() => parseDirectorArgs(['a.yml', 'b.yml'])).toThrow('Unexpected arguments: b.yml');
    expect(() => parseDirectorArgs(['a.yml', '--port', '1'])).toThrow(
      '--port goes with --data-dir; set port: in the config file',
    );
  });
});
