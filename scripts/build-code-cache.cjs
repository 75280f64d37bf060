'use strict';
// Build step: runs the bundled CLI once on a small manifest so the functions a typical run needs are compiled,
// then bin/bosh.cjs saves V8's code cache beside the bundle.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const warmup = path.join(__dirname, 'warmup');
execFileSync(
  process.execPath,
  [
    path.join(root, 'bin', 'bosh.cjs'),
    'int',
    path.join(warmup, 'manifest.yml'),
    '-o',
    path.join(warmup, 'ops.yml'),
    '-v',
    'system_domain=example.com',
    '-l',
    path.join(warmup, 'vars.yml'),
    '--path',
    '',
  ],
  { stdio: 'ignore', env: { ...process.env, BOSH_TS_PRODUCE_CODE_CACHE: '1' } },
);
