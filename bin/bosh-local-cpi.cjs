#!/usr/bin/env node
'use strict';
// `bosh-local-cpi <config.json>`: the local CPI, bundled at build time from dist/cpi/local/main.js into one
// CommonJS file. One JSON request on stdin, one JSON response on stdout (CPI API v2).
const path = require('node:path');

const { main } = require(path.join(__dirname, '..', 'dist', 'bosh-local-cpi.cjs'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bosh-local-cpi: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
