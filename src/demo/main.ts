import { homedir } from 'node:os';
import { down } from './down.js';
import { DemoLayout } from './layout.js';
import { parseDemoArgs, USAGE } from './options.js';
import { preflight } from './preflight.js';
import { up } from './up.js';

/**
 * `npm run demo [-- --down]`: the README's first command. Drives our own executables (bosh-director, bosh,
 * bosh-local-cpi) as a user would, so what it prints is what they print. Exit 0, or 1 with the reason on stderr.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseDemoArgs(argv, process.env, homedir());
  } catch (e) {
    process.stderr.write(`npm run demo: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 1;
  }
  try {
    if (options.mode === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const layout = new DemoLayout(options.dataDir);
    if (options.mode === 'down') {
      await down(layout);
      process.stdout.write('\nThe demo is down.\n');
      return 0;
    }
    preflight();
    await up(options, layout);
    return 0;
  } catch (e) {
    process.stderr.write(`\nnpm run demo: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
