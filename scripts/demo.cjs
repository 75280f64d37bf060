'use strict';
// `npm run demo`: runs the demo (src/demo, compiled to dist/demo) after building what it drives when a build is
// missing, e.g. on a clone installed with --ignore-scripts; `npm ci` has built it otherwise.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.join(__dirname, '..');
const needed = ['demo/main.js', 'bosh.cjs', 'bosh-director.cjs', 'bosh-local-cpi.cjs', 'bosh-agent.cjs'];
if (needed.some((file) => !existsSync(path.join(root, 'dist', file)))) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

import(pathToFileURL(path.join(root, 'dist', 'demo', 'main.js')).href)
  .then((demo) => demo.main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`npm run demo: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
