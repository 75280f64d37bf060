import { parseGoInt } from './flags/go-int.js';
import { flag, list, type ParseContext, type ParsedOptions, text, value } from './flags/option.js';

/** bosh-cli's global options (BoshOpts), with their BOSH_* environment variables. */
export const globalOptions = {
  version: flag({ long: 'version', short: 'v', description: 'Show CLI version', action: 'version' }),
  config: value(
    { long: 'config', description: 'Config file path', env: 'BOSH_CONFIG', defaultText: '~/.bosh/config' },
    text,
  ),
  environment: value(
    {
      long: 'environment',
      short: 'e',
      description: 'Director environment name or URL',
      env: 'BOSH_ENVIRONMENT',
    },
    text,
  ),
  caCert: value(
    {
      long: 'ca-cert',
      description: 'Director CA certificate path or value',
      env: 'BOSH_CA_CERT',
      goType: 'opts.CACertArg',
    },
    readCaCert,
  ),
  sha2: flag({ long: 'sha2', description: 'Use SHA256 checksums', env: 'BOSH_SHA2' }),
  parallel: value(
    {
      long: 'parallel',
      description: 'The max number of parallel operations',
      defaultText: '5',
      goType: 'int',
    },
    parseGoInt,
  ),
  client: value({ long: 'client', description: 'Override username or UAA client', env: 'BOSH_CLIENT' }, text),
  clientSecret: value(
    {
      long: 'client-secret',
      description: 'Override password or UAA client secret',
      env: 'BOSH_CLIENT_SECRET',
    },
    text,
  ),
  deployment: value(
    { long: 'deployment', short: 'd', description: 'Deployment name', env: 'BOSH_DEPLOYMENT' },
    text,
  ),
  column: list(
    {
      long: 'column',
      description:
        'Filter to show only given column(s), use the --column flag for each column you wish to include',
      goType: '[]opts.ColumnOpt',
    },
    text,
  ),
  json: flag({ long: 'json', description: 'Output as JSON' }),
  tty: flag({ long: 'tty', description: 'Force TTY-like output', env: 'BOSH_TTY' }),
  noColor: flag({ long: 'no-color', description: 'Toggle colorized output' }),
  nonInteractive: flag({
    long: 'non-interactive',
    short: 'n',
    description: "Don't ask for user input",
    env: 'BOSH_NON_INTERACTIVE',
  }),
};

export type GlobalOptions = ParsedOptions<typeof globalOptions>;

/** bosh-cli CACertArg: a value containing `BEGIN` is the certificate itself, anything else a file to read. */
async function readCaCert(raw: string, ctx: ParseContext): Promise<string> {
  if (raw === '') throw new Error('Expected CA cert to be non-empty');
  if (raw.includes('BEGIN')) return raw;
  return new TextDecoder().decode(await ctx.fs.readFile(ctx.fs.expandPath(raw)));
}
