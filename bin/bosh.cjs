#!/usr/bin/env node
'use strict';
// The CLI is bundled into one CommonJS file at build time (npm ci runs the build) and loaded with V8's code cache
// made by the build: synchronous loading plus cached bytecode start ~35 ms sooner than ~100 ES modules, which
// matters when `bosh int` itself takes about as long. A cache V8 rejects (other node version) is simply ignored.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'bosh.cjs');
const cacheFile = bundle + '.cache';
const produceCache = process.env.BOSH_TS_PRODUCE_CODE_CACHE === '1';

function readCache() {
  try {
    return produceCache ? undefined : fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData: readCache(),
});
const mod = { exports: {} };
script
  .runInThisContext()
  .call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));

mod.exports.main(process.argv.slice(2)).then((code) => {
  if (produceCache) fs.writeFileSync(cacheFile, script.createCachedData());
  process.exitCode = code;
});
