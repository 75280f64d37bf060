import { describe, expect, it } from 'vitest';
import { agentClientFactory } from './factory.js';
import { FakeTransport } from '../../testing/fake-agent-transport.js';

describe('agentClientFactory', () => {
  it('uses the shared NATS transport for nats:// and unknown mbus URLs', async () => {
    const nats = new FakeTransport(() => ({ value: 'pong' }));
    const make = agentClientFactory({ nats });
    expect(await make({ agentId: 'a1' }).ping()).toBe('pong');
    expect(await make({ agentId: 'a2', mbusUrl: 'nats://u:p@10.0.0.6:4222' }).ping()).toBe('pong');
    expect(nats.sent.map((s) => s.agentId)).toEqual(['a1', 'a2']);
  });

  it('refuses https without a trust choice, NATS without a connection, and other schemes', () => {
    const make = agentClientFactory({});
    expect(() => make({ agentId: 'a', mbusUrl: 'https://mbus:p@10.0.0.5:6868' })).toThrow(
      'No trust configured for the HTTPS mbus of agent a',
    );
    expect(() => make({ agentId: 'a' })).toThrow('No NATS connection for agent a');
    expect(() => make({ agentId: 'a', mbusUrl: 'http://10.0.0.5:6868' })).toThrow(
      "Invalid mbus URL scheme 'http' for agent a",
    );
  });

  it('makes an HTTPS client for https:// with the trust chosen per agent', () => {
    const seen: string[] = [];
    const make = agentClientFactory({
      httpsTrust: (e) => {
        seen.push(e.agentId);
        return { insecureSkipVerify: true };
      },
    });
    expect(make({ agentId: 'vm-1', mbusUrl: 'https://mbus:p@127.0.0.1:6868' }).agentId).toBe('vm-1');
    expect(seen).toEqual(['vm-1']);
  });
});
