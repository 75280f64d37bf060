import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BUILD_STEMCELL_USAGE, buildStemcell } from './build-stemcell.js';
import { decodeConfig, type LocalCpiConfig } from './config.js';
import { handleRequest, type CpiDeps } from './dispatch.js';
import { resolveLaunchMode, type LaunchMode } from './namespace.js';
import { cloudError, renderResponse } from './response.js';
import { serve } from './serve.js';

/**
 * `bosh-local-cpi <config.json>`: one CPI request on stdin, one response on stdout, exit status 0 even for errors
 * (the director ignores it); with `--serve` after the config, every request the director sends until it closes
 * stdin (serve.ts). The only place that builds this app's dependencies.
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'build-stemcell') return buildStemcellCommand(argv.slice(1));
  const deps: CpiDeps = {
    loadConfig: () => loadConfig(argv[0]),
    newCid: (prefix) => `${prefix}-${randomUUID()}`,
    now: () => new Date(),
    launchMode: (config, log) => resolveLaunchMode(config.isolation, log),
  };
  if (argv[1] === '--serve') {
    await serve(process.stdin, process.stdout, { ...deps, launchMode: launchModeOnce() }, (line) =>
      process.stderr.write(`${line}\n`),
    );
    return 0;
  }
  const response = await handleRequest(await readStdin(), deps);
  await new Promise<void>((done) => {
    process.stdout.write(renderResponse(response), () => {
      done();
    });
  });
  return 0;
}

/**
 * A served CPI probes the host's launch mode once per isolation setting (a probe is a process start) and gives
 * every later request the lines the probe logged.
 */
function launchModeOnce(): CpiDeps['launchMode'] {
  const known = new Map<string, { readonly mode: LaunchMode; readonly lines: readonly string[] }>();
  return (config, log) => {
    const key = config.isolation ?? '';
    let probed = known.get(key);
    if (probed === undefined) {
      const lines: string[] = [];
      probed = { mode: resolveLaunchMode(config.isolation, (line) => lines.push(line)), lines };
      known.set(key, probed);
    }
    for (const line of probed.lines) log(line);
    return probed.mode;
  };
}

async function loadConfig(path: string | undefined): Promise<LocalCpiConfig> {
  if (path === undefined) throw cloudError('Usage: bosh-local-cpi <config.json>');
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw cloudError(`Reading local CPI config '${path}': ${e instanceof Error ? e.message : String(e)}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw cloudError(`Local CPI config '${path}' is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeConfig(value, dirname(resolve(path)));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `bosh-local-cpi build-stemcell ...`: prints where the tarball went; usage and exit 1 on bad arguments. */
async function buildStemcellCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${BUILD_STEMCELL_USAGE}\n`);
    return 0;
  }
  try {
    const built = await buildStemcell(argv);
    process.stdout.write(`Stemcell ${built.name}/${built.version} written to ${built.path}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`bosh-local-cpi build-stemcell: ${e instanceof Error ? e.message : String(e)}\n`);
    process.stderr.write(`${BUILD_STEMCELL_USAGE}\n`);
    return 1;
  }
}
