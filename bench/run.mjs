// Benchmarks, printed as wall times and ratios measured in this run.
// Usage: npm run bench -- [SUITE...] [--sizes 6,30,100]; no suite runs them all. `--sizes`: the deploy suite's
// instance counts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bosh = join(root, 'bin/bosh.cjs');
const corpus = resolve(root, '../shared/conformance/interpolate');
const cfDir = join(corpus, 'inputs/cf-deployment');

/** Wall time of one run of `bosh args` in seconds. */
function time(args, cwd) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [bosh, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    maxBuffer: 1 << 26,
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function benchInterpolate() {
  const tmp = mkdtempSync(join(tmpdir(), 'bosh-ts-bench-'));
  const base = [
    'int',
    'cf-deployment.yml',
    '-o',
    'operations/bosh-lite.yml',
    '-o',
    'operations/use-compiled-releases.yml',
    '-v',
    'system_domain=foo.bar.com',
  ];
  const nodeStart = median([1, 2, 3, 4, 5].map(() => time(['--version'], cfDir)));
  const noStore = median(Array.from({ length: 11 }, () => time(base, cfDir)));
  const golden = median(
    [1, 2, 3].map(() => {
      const store = join(tmp, 'golden.yml');
      copyFileSync(join(corpus, 'expected/cf12-fixture-store.store.yml'), store);
      return time([...base, '--vars-store', store], cfDir);
    }),
  );
  const fresh = time([...base, '--vars-store', join(tmp, 'fresh.yml')], cfDir);
  rmSync(tmp, { recursive: true, force: true });
  const rows = [
    ['bosh --version (process start)', nodeStart, undefined, undefined],
    ['int cf-deployment, no store', noStore, 0.15, 0.06],
    ['int cf-deployment, golden store', golden, 0.5, 5.7],
    ['int cf-deployment, fresh store', fresh, 15, 50],
  ];
  console.log(
    'interpolate: cf-deployment.yml -o bosh-lite.yml -o use-compiled-releases.yml -v system_domain=...',
  );
  console.log('scenario                           wall(s)   target(s)  ours/target  real-cli(s)  real/ours');
  for (const [name, t, target, real] of rows) {
    const cols = [
      name.padEnd(34),
      t.toFixed(3).padStart(7),
      target === undefined ? '        -' : target.toFixed(2).padStart(9),
      target === undefined ? '           -' : (t / target).toFixed(2).padStart(12),
      real === undefined ? '           -' : real.toFixed(2).padStart(12),
      real === undefined ? '          -' : (real / t).toFixed(1).padStart(10) + 'x',
    ];
    console.log(cols.join('  '));
  }
}

/** 100 certificates (a CA and 99 leaves) through the generator, against plain OpenSSL key generation. */
async function benchCredentials() {
  const { generateKeyPair } = await import('node:crypto');
  const { NodeCredentialGenerator } = await import(join(root, 'dist/adapters/credentials/index.js'));
  const count = 100;
  const chain = async (prepare) => {
    const generator = new NodeCredentialGenerator();
    const store = new Map();
    const lookup = (n) => Promise.resolve({ found: store.has(n), value: store.get(n) ?? null });
    const start = performance.now();
    if (prepare) generator.prepare(Array.from({ length: count }, () => 'certificate'));
    store.set(
      'ca',
      await generator.generate(
        'certificate',
        new Map([
          ['common_name', 'ca'],
          ['is_ca', true],
        ]),
        lookup,
      ),
    );
    for (let i = 1; i < count; i++) {
      const options = new Map([
        ['common_name', `leaf${i}`],
        ['ca', 'ca'],
      ]);
      store.set(`leaf${i}`, await generator.generate('certificate', options, lookup));
    }
    return (performance.now() - start) / 1000;
  };
  const withPrepare = await chain(true);
  const withoutPrepare = await chain(false);
  const start = performance.now();
  const keygen = () =>
    new Promise((done, fail) =>
      generateKeyPair('rsa', { modulusLength: 3072 }, (e) => (e ? fail(e) : done())),
    );
  for (let i = 0; i < count; i += 2) await Promise.all([keygen(), keygen()]);
  const openssl = (performance.now() - start) / 1000;
  console.log(`credentials: ${count} RSA-3072 certificates generated in order (CA + leaves)`);
  console.log(
    `  with prepare():    ${withPrepare.toFixed(2)} s   (${(openssl / withPrepare).toFixed(2)}x faster than OpenSSL keygen alone)`,
  );
  console.log(`  without prepare(): ${withoutPrepare.toFixed(2)} s`);
  console.log(`  baseline, node:crypto generateKeyPair x${count}, 2 at a time: ${openssl.toFixed(2)} s`);
}

/**
 * create-release on a synthetic release (~5,000 files, ~100 MB: source text and incompressible blobs), next to one
 * pass that reads, sha256-hashes and gzips the same bytes (the least any release build has to do).
 */
async function benchCreateRelease() {
  const { createHash, randomBytes } = await import('node:crypto');
  const { createGzip } = await import('node:zlib');
  const { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } = await import('node:fs');
  const work = mkdtempSync(join(tmpdir(), 'bosh-ts-bench-release-'));
  const dir = join(work, 'synthetic-release');
  const packages = 10;
  const filesPerPackage = 500;
  const text = globalThis.Buffer.from(
    'export function handler(event) { return { status: 200, body: JSON.stringify(event) }; }\n'.repeat(300),
  );
  let bytes = 0;
  for (const sub of ['jobs/app/templates', 'config', 'src']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'config/final.yml'), 'name: synthetic\n');
  writeFileSync(join(dir, 'config/blobs.yml'), '--- {}\n');
  writeFileSync(
    join(dir, 'jobs/app/spec'),
    `---\nname: app\ntemplates: {ctl.erb: bin/ctl}\npackages: [${Array.from({ length: packages }, (_, p) => `pkg${p}`).join(', ')}]\n`,
  );
  writeFileSync(join(dir, 'jobs/app/monit'), '');
  writeFileSync(join(dir, 'jobs/app/templates/ctl.erb'), '#!/bin/bash\n');
  for (let p = 0; p < packages; p++) {
    mkdirSync(join(dir, `packages/pkg${p}`), { recursive: true });
    writeFileSync(join(dir, `packages/pkg${p}/spec`), `---\nname: pkg${p}\nfiles: [pkg${p}/**/*]\n`);
    writeFileSync(join(dir, `packages/pkg${p}/packaging`), 'set -e\ncp -a pkg*/* ${BOSH_INSTALL_TARGET}\n');
    for (let f = 0; f < filesPerPackage; f++) {
      const sub = join(dir, `src/pkg${p}/d${f % 20}`);
      mkdirSync(sub, { recursive: true });
      // Every tenth file is a 150 KB incompressible blob (vendored tarballs); the rest ~10-26 KB of source text.
      const content = f % 10 === 0 ? randomBytes(100_000) : text.subarray(0, 10_000 + ((f * 7919) % 16_000));
      writeFileSync(join(sub, `f${f}.dat`), content);
      bytes += content.length;
    }
  }
  const listFiles = (d) =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? listFiles(join(d, n)) : [join(d, n)],
    );
  const files = [
    ...listFiles(join(dir, 'src')),
    ...listFiles(join(dir, 'jobs')),
    ...listFiles(join(dir, 'packages')),
  ];
  const baselineStart = performance.now();
  await new Promise((done) => {
    const gzip = createGzip({ level: 6 });
    gzip.on('data', () => {});
    gzip.on('end', done);
    for (const file of files) {
      const data = readFileSync(file);
      createHash('sha256').update(data).digest();
      gzip.write(data);
    }
    gzip.end();
  });
  const baseline = (performance.now() - baselineStart) / 1000;
  const home = join(work, 'home');
  const start = performance.now();
  execFileSync(process.execPath, [bosh, 'create-release', '--force', '--dir', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, HOME: home },
  });
  const ours = (performance.now() - start) / 1000;
  if (process.env.BENCH_KEEP) console.log('kept', dir);
  else rmSync(work, { recursive: true, force: true });
  console.log(`create-release: synthetic release, ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB`);
  console.log(`  bosh create-release (dev, fresh cache): ${ours.toFixed(2)} s`);
  console.log(`  baseline, read + sha256 + gzip once:    ${baseline.toFixed(2)} s`);
  console.log(`  ratio: ${(ours / baseline).toFixed(2)} (target <= 1.3)`);
}

/** 20 local VMs created concurrently, real agents; see bench/vms.mjs. */
async function benchVmsSuite() {
  const { benchVms } = await import('./vms.mjs');
  await benchVms();
}

/** A real director: /info and /tasks requests per second, upload throughput; see bench/director.mjs. */
async function benchDirectorSuite() {
  const { benchDirector } = await import('./director.mjs');
  await benchDirector();
}

/** N = 6, 30, 100 instances deployed end to end, wall time next to the ideal; see bench/deploy.mjs. */
async function benchDeploySuite(options) {
  const { benchDeploy } = await import('./deploy.mjs');
  await benchDeploy({ sizes: options.sizes });
}

const suites = {
  interpolate: benchInterpolate,
  credentials: benchCredentials,
  'create-release': benchCreateRelease,
  vms: benchVmsSuite,
  director: benchDirectorSuite,
  deploy: benchDeploySuite,
};
const OPTIONS = ['sizes'];
const wanted = [];
const options = {};
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  const flag = /^--([^=]+)(?:=(.*))?$/.exec(arg);
  if (flag === null) {
    wanted.push(arg);
    continue;
  }
  const [, key, inline] = flag;
  const value = inline ?? process.argv[++i];
  if (!OPTIONS.includes(key) || value === undefined) {
    console.error(
      `unknown option or missing value: '${arg}'; options: ${OPTIONS.map((o) => `--${o} V`).join(', ')}`,
    );
    process.exit(1);
  }
  options[key] = value;
}
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(suites).join(', ')}`);
    process.exit(1);
  }
  await suite(options);
}
