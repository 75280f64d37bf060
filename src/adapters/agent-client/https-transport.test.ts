import { createServer as createNetServer } from 'node:net';
import { createServer, type Server } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificate } from '../../testing/fake-director.js';
import { HttpsAgentTransport } from './https-transport.js';

const tls = testCertificate();
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise((r) => probe.close(r));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function agentAt(port: number): Promise<void> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const method = (JSON.parse(body) as { method: string }).method;
      res.end(JSON.stringify({ value: `${method}:pong` }));
    });
  });
  servers.push(server);
  return new Promise((r) => server.listen(port, '127.0.0.1', r));
}

describe('HttpsAgentTransport', () => {
  it('delivers again while the connection is refused, so an agent that comes up late answers at once', async () => {
    const port = await freePort();
    const transport = new HttpsAgentTransport({
      url: `https://mbus:secret@127.0.0.1:${String(port)}`,
      trust: { ca: tls.cert },
    });
    const reply = new Promise((resolve) => {
      transport.send('agent', { protocol: 3, method: 'ping', arguments: [] }, resolve);
    });
    await new Promise((r) => setTimeout(r, 300));
    await agentAt(port);
    expect(await reply).toEqual({ value: 'ping:pong' });
  });

  it('stops delivering once the caller cancels', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const transport = new HttpsAgentTransport({
      url: `https://mbus:secret@127.0.0.1:${String(port)}`,
      trust: { ca: tls.cert },
      log: (l) => lines.push(l),
    });
    let answered = false;
    const id = transport.send('agent', { protocol: 3, method: 'ping', arguments: [] }, () => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 120));
    transport.cancel(id);
    await agentAt(port);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    expect(lines).toEqual([]);
  });
});
