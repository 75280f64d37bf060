import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentClientFactory } from '../../src/adapters/agent-client/factory.js';
import { NatsAgentTransport } from '../../src/adapters/agent-client/nats-transport.js';
import { applySpecWith } from '../agent/fixtures.js';
import { AgentProcess, NatsServer, root, running, useNatsRoot } from '../agent-nats/harness.js';

// The director's agent client over a real nats-server to a real bosh-agent process: one connection, replies on
// `director.<uuid>.<agent_id>.<request id>`, long tasks polled with get_task.
const AGENT_ID = 'agent-client-nats-1';

useNatsRoot('it-agent-client-nats-');

describe('agent client over NATS', () => {
  it('waits until ready, pings, reads state, applies and runs a script; unanswered requests time out', async () => {
    const server = await NatsServer.start(join(root, 'nats'));
    running.server = server;
    const lines: string[] = [];
    const nats = await NatsAgentTransport.connect({ url: server.url, log: (l) => lines.push(l) });
    try {
      const clientFor = agentClientFactory({ nats });
      const agent = clientFor({ agentId: AGENT_ID, mbusUrl: server.url, pollIntervalMs: 100 });
      running.agent = await AgentProcess.start({ root, agentId: AGENT_ID, mbus: server.url });
      await agent.waitUntilReady(30);
      expect(await agent.ping()).toBe('pong');
      expect(await agent.info()).toEqual({ api_version: 1 });
      expect(await agent.getState()).toMatchObject({ agent_id: AGENT_ID, job_state: 'running' });

      const spec = await applySpecWith(
        root,
        join(root, 'blobstore'),
        [{ name: 'web', files: { monit: '', 'bin/pre-start': '#!/bin/sh\necho pre-started\n' } }],
        '127.0.0.1',
      );
      expect(await agent.apply(spec)).toBe('applied');
      expect(await agent.runScript('pre-start', { env: {} })).toEqual({});
      await expect(agent.getState()).resolves.toMatchObject({ deployment: 'dep' });

      const sent = lines.find(
        (l) => l.startsWith(`SENT: agent.${AGENT_ID} `) && l.includes('"method":"apply"'),
      );
      expect(sent).toMatch(new RegExp(`"reply_to":"${nats.inbox}\\.${AGENT_ID}\\.[0-9a-f-]{36}"`));
      expect(nats.inbox).toMatch(/^director\.[0-9a-f-]{36}$/);

      // No agent listens on this id: BOSH's timeout text, after the retries get_state gets.
      const ghost = clientFor({ agentId: 'ghost', instanceName: 'ghost/0', timeoutSeconds: 0.2 });
      const started = Date.now();
      await expect(ghost.getState()).rejects.toThrow(
        "Timed out sending 'get_state' to instance: 'ghost/0', agent-id: 'ghost' after 0.2 seconds",
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    } finally {
      await nats.close();
    }
  });
});
