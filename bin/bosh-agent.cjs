#!/usr/bin/env node
'use strict';
// The agent is bundled into one CommonJS file at build time (dist/bosh-agent.cjs, from dist/agent/main.js).
const path = require('node:path');

const { main } = require(path.join(__dirname, '..', 'dist', 'bosh-agent.cjs'));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bosh-agent: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
