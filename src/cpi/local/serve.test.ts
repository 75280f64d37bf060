import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CpiDeps } from './dispatch.js';
import { serve } from './serve.js';

const deps: CpiDeps = {
  loadConfig: () => Promise.reject(new Error('no config in this test')),
  newCid: (prefix) => `${prefix}-1`,
  now: () => new Date('2026-11-21T00:00:00Z'),
  launchMode: () => 'none',
};

/** Feeds `lines` to serve() and returns what it wrote, one entry per line, and its warnings. */
async function run(lines: readonly string[]): Promise<{ out: string[]; warnings: string[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (d: Buffer) => chunks.push(d));
  const warnings: string[] = [];
  const done = serve(input, output, deps, (line) => warnings.push(line));
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return { out: Buffer.concat(chunks).toString().split('\n').filter(Boolean), warnings };
}

const request = (method: string) =>
  JSON.stringify({
    method,
    arguments: [],
    context: { director_uuid: 'd', request_id: 'cpi-1' },
    api_version: 2,
  });

describe('bosh-local-cpi --serve', () => {
  it('answers each numbered request with a line carrying its number, and returns when the input ends', async () => {
    const { out, warnings } = await run([`7 ${request('info')}`, '', `8 ${request('reboot_the_cloud')}`]);
    expect(out.sort()).toEqual([
      '7 {"result":{"api_version":2,"stemcell_formats":["local"]},"error":null,' +
        '"log":"2026-11-21T00:00:00.000Z info (api_version 2, request cpi-1)\\n"}',
      '8 {"result":null,"error":{"type":"Bosh::Clouds::NotImplemented",' +
        '"message":"Method is not known, got: \'reboot_the_cloud\'","ok_to_retry":false},"log":""}',
    ]);
    expect(warnings).toEqual([]);
  });

  it('answers a request that is not JSON with an error, and warns about a line without its number', async () => {
    const { out, warnings } = await run(['3 {nope', request('info')]);
    expect(out).toEqual([
      '3 {"result":null,"error":{"type":"InvalidCall","message":"Request cannot be deserialized, details: ' +
        'Expected property name or \'}\' in JSON at position 1","ok_to_retry":false},"log":""}',
    ]);
    expect(warnings).toEqual([
      `bosh-local-cpi --serve: a request line starts with its number, got: ${request('info')}`,
    ]);
  });
});
