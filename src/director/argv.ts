import { parseArgs } from 'node:util';

export const USAGE = `Usage: bosh-director <config.yml>
       bosh-director --data-dir DIR [--port N]

With --data-dir, runs the embedded default: SQLite and the blobstore in DIR, the local CPI, generated TLS and an
'admin' user; writes DIR/director.yml and DIR/creds.yml on the first start and resumes from them afterwards.`;

export type DirectorArgs =
  | { readonly mode: 'config'; readonly configPath: string }
  | { readonly mode: 'embedded'; readonly dataDir: string; readonly port: number | undefined }
  | { readonly mode: 'help' };

/** The command line; throws with a message for the usage line on bad input. */
export function parseDirectorArgs(argv: readonly string[]): DirectorArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) return { mode: 'help' };
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port '${values.port}'`);
  }
  if (values['data-dir'] !== undefined) {
    if (positionals.length > 0) throw new Error('Give either a config file or --data-dir, not both');
    return { mode: 'embedded', dataDir: values['data-dir'], port };
  }
  const [configPath, ...rest] = positionals;
  if (configPath === undefined) throw new Error('Missing a config file or --data-dir');
  if (rest.length > 0) throw new Error(`Unexpected arguments: ${rest.join(' ')}`);
  if (port !== undefined) throw new Error('--port goes with --data-dir; set port: in the config file');
  return { mode: 'config', configPath };
}
