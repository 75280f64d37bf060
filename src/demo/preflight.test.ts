import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPath, preflight } from './preflight.js';

describe('preflight', () => {
  it('names every missing program, why it is needed, and how to install them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-preflight-'));
    try {
      await writeFile(join(dir, 'tar'), '#!/bin/sh\n', { mode: 0o755 });
      await writeFile(join(dir, 'bash'), '#!/bin/sh\n', { mode: 0o755 });
      expect(() => {
        preflight(dir);
      }).toThrow(
        'missing on PATH:\n' +
          "  python3: the demo's web job serves its page with python3 -m http.server\n" +
          '  ruby: the director renders job templates (ERB) with ruby\n' +
          '  gzip: create-release compresses with gzip\n' +
          'Install them (e.g. apt-get install python3 ruby tar gzip bash) and run npm run demo again.',
      );
      expect(onPath('tar', dir)).toBe(true);
      expect(onPath('gzip', dir)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
