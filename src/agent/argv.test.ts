import { describe, expect, it } from 'vitest';
import { parseAgentArgs } from './argv.js';

describe('bosh-agent arguments', () => {
  it('defaults to /var/vcap and its cached settings file', () => {
    expect(parseAgentArgs([])).toEqual({
      baseDir: '/var/vcap',
      settingsPath: '/var/vcap/bosh/settings.json',
      logLevel: 'INFO',
    });
  });

  it('takes --name value, --name=value and -b', () => {
    expect(parseAgentArgs(['-b', '/vm', '--settings=/s.json', '--log-level', 'debug'])).toEqual({
      baseDir: '/vm',
      settingsPath: '/s.json',
      logLevel: 'DEBUG',
    });
    expect(parseAgentArgs(['--base-dir=/vm/']).settingsPath).toBe('/vm/bosh/settings.json');
  });

  it('refuses unknown arguments and missing values', () => {
    expect(() => parseAgentArgs(['-P', 'ubuntu'])).toThrow("unknown argument '-P'");
    expect(() => parseAgentArgs(['--settings'])).toThrow("expected a value for '--settings'");
    expect(() => parseAgentArgs(['--log-level', 'loud'])).toThrow("invalid log level 'LOUD'");
  });
});
