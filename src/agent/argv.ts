import type { LogLevel } from './logger.js';

export interface AgentOptions {
  /** The settings file the CPI writes (the agent's File settings source). */
  readonly settingsPath: string;
  /** The agent's `/var/vcap`. */
  readonly baseDir: string;
  readonly logLevel: LogLevel;
}

export const USAGE =
  'Usage: bosh-agent [--base-dir|-b <dir>] [--settings <file>] [--log-level DEBUG|INFO|WARN|ERROR]';

const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * `bosh-agent --settings <file> --base-dir <dir>`: base defaults to `/var/vcap`, settings to
 * `<base>/bosh/settings.json` (where the local CPI writes them). Options take `--name value` or `--name=value`.
 */
export function parseAgentArgs(argv: readonly string[]): AgentOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = name === '-b' ? '--base-dir' : name;
    if (!['--base-dir', '--settings', '--log-level'].includes(key))
      throw new Error(`unknown argument '${arg}'`);
    const value = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`expected a value for '${name}'`);
    values.set(key, value);
  }
  const baseDir = values.get('--base-dir') ?? '/var/vcap';
  const level = (values.get('--log-level') ?? 'INFO').toUpperCase();
  const logLevel = LEVELS.find((l) => l === level);
  if (!logLevel) throw new Error(`invalid log level '${level}'`);
  return {
    baseDir,
    settingsPath: values.get('--settings') ?? `${baseDir.replace(/\/+$/, '')}/bosh/settings.json`,
    logLevel,
  };
}
