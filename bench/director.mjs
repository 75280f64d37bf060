// `npm run bench -- director`: a real director on its embedded default; requests per second for /info and
// /tasks (keep-alive, 16 in flight), and upload throughput of a 512 MB body next to a plain disk write of the
// same bytes in this run.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, URL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UPLOAD_BYTES = 512 * 1024 * 1024;

function startDirector(dataDir) {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin/bosh-director.cjs'), '--data-dir', dataDir, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) done({ child, url: m[1] });
    });
    child.on('exit', (code) => fail(new Error(`director exited ${code}`)));
  });
}

function body(total) {
  const chunk = Buffer.alloc(1024 * 1024, 7);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function call(url, path, options, agent) {
  return new Promise((done, fail) => {
    const req = request(new URL(path, url), { ...options, agent }, (res) => {
      res.resume();
      res.on('end', () => done(res));
    });
    req.on('error', fail);
    if (options.body) options.body.pipe(req);
    else req.end();
  });
}

async function rps(url, path, headers, ca, seconds = 3, inFlight = 16) {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight, ca });
  let count = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await call(url, path, { headers }, agent);
      count += 1;
    }
  };
  const start = Date.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  agent.destroy();
  return count / ((Date.now() - start) / 1000);
}

export async function benchDirector() {
  const dir = await mkdtemp(join(tmpdir(), 'bosh-ts-bench-director-'));
  const { child, url } = await startDirector(join(dir, 'director'));
  try {
    const creds = await readFile(join(dir, 'director', 'creds.yml'), 'utf8');
    const password = /admin_password: (\S+)/.exec(creds)[1];
    const ca = creds
      .slice(creds.indexOf('-----BEGIN'), creds.lastIndexOf('-----') + 5)
      .replace(/\n {2}/g, '\n');
    const auth = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
    const info = await rps(url, '/info', {}, ca);
    const tasks = await rps(url, '/tasks?limit=30', auth, ca);

    const plainStart = process.hrtime.bigint();
    await pipeline(body(UPLOAD_BYTES), createWriteStream(join(dir, 'plain')));
    const plain = Number(process.hrtime.bigint() - plainStart) / 1e9;
    await rm(join(dir, 'plain'));
    const agent = new Agent({ ca });
    const upStart = process.hrtime.bigint();
    const res = await call(
      url,
      '/releases',
      {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/x-compressed' },
        body: body(UPLOAD_BYTES),
      },
      agent,
    );
    const upload = Number(process.hrtime.bigint() - upStart) / 1e9;
    if (res.statusCode !== 302) throw new Error(`upload answered ${res.statusCode}`);
    const mb = UPLOAD_BYTES / 1024 / 1024;
    console.log('director: embedded default (SQLite, local blobstore), HTTPS, 16 requests in flight');
    console.log(`  GET /info            ${info.toFixed(0)} requests/s`);
    console.log(`  GET /tasks?limit=30  ${tasks.toFixed(0)} requests/s`);
    console.log(`  upload ${mb} MB       ${(mb / upload).toFixed(0)} MB/s (${upload.toFixed(2)} s)`);
    console.log(`  plain disk write     ${(mb / plain).toFixed(0)} MB/s (${plain.toFixed(2)} s)`);
    console.log(`  ratio upload/plain time: ${(upload / plain).toFixed(2)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}
