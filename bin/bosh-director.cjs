#!/usr/bin/env node
'use strict';
// `bosh-director <config.yml>` or `bosh-director --data-dir DIR [--port N]`: the director, bundled at build time
// from dist/director/main.js into one CommonJS file.
const path = require('node:path');

const { main } = require(path.join(__dirname, '..', 'dist', 'bosh-director.cjs'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bosh-director: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
