import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selfSigned } from '../../src/agent/transport/mbus-cert.js';
import { AGENT_BIN, AgentProcess, randomLoopback } from './harness.js';

let root: string;
let agent: AgentProcess | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'it-agent-life-'));
});
afterEach(async () => {
  await agent?.kill();
  agent = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('agent lifecycle', () => {
  it('serves with the certificate from env.bosh.mbus.cert when the settings carry one', async () => {
    const host = randomLoopback();
    const cert = selfSigned('configured-mbus', [host], Date.now());
    agent = await AgentProcess.start({
      root,
      host,
      ca: cert.ca,
      settings: {
        env: {
          bosh: {
            mbus: { cert: { ca: cert.ca, certificate: cert.certificate, private_key: cert.privateKey } },
          },
        },
      },
    });
    expect(await agent.send('ping')).toEqual({ value: 'pong' });
    expect(existsSync(join(root, 'vm/bosh/mbus'))).toBe(false);
  });

  it('answers shutdown and then exits 0', async () => {
    agent = await AgentProcess.start({ root });
    expect(await agent.send('shutdown')).toEqual({ value: '' });
    expect(await agent.waitExit()).toBe(0);
  });

  it('restarts itself when update_settings changes blobstores, and the resumed task answers ok', async () => {
    agent = await AgentProcess.start({ root });
    const blobstores = [{ provider: 'local', options: { blobstore_path: join(root, 'other-blobstore') } }];
    const result = await agent.runTask('update_settings', { trusted_certs: 'PEM', blobstores });
    expect(result).toEqual({ value: 'ok' });
    expect(agent.output.join('')).toContain('Restarting agent');
    const saved = JSON.parse(
      await readFile(join(agent.base, 'bosh/update_settings.json'), 'utf8'),
    ) as unknown;
    expect(saved).toMatchObject({ blobstores, trusted_certs: 'PEM' });
    expect(JSON.parse(await readFile(join(agent.base, 'bosh/tasks.json'), 'utf8'))).toEqual([]);
    expect(await readFile(join(agent.base, 'bosh/trusted_certs.pem'), 'utf8')).toBe('PEM');
  });

  it('refuses to boot with an mbus it does not speak', async () => {
    const base = join(root, 'vm');
    await mkdir(join(base, 'bosh'), { recursive: true });
    const settings = AgentProcess.settingsFor(base, '127.0.0.1', 4222, 'x', {
      mbus: 'amqp://127.0.0.1:4222',
    });
    await writeFile(join(base, 'bosh', 'settings.json'), JSON.stringify(settings));
    const child = spawn(process.execPath, [AGENT_BIN, '-b', base], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('App setup: Message Bus Handler with scheme amqp could not be found');
  });
});
