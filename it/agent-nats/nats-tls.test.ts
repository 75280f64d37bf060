import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AgentProcess,
  clientTlsOptions,
  Director,
  NATS_PASSWORD,
  NATS_USER,
  NatsServer,
  root,
  running,
  useNatsRoot,
  waitFor,
  type ClientTls,
  type ServerTls,
} from './harness.js';
import { TestCa, type Issued } from './pki.js';

const AGENT_ID = 'agent-tls-1';

let ca: TestCa;
let serverCert: Issued;
let directorCert: Issued;
let agentCert: Issued;

beforeAll(() => {
  // As the director makes them: a NATS CA, the server's `default.nats.bosh-internal`, per-VM client certificates.
  ca = new TestCa();
  serverCert = ca.issue('default.nats.bosh-internal', 'serverAuth', ['127.0.0.1']);
  directorCert = ca.issue('default.director.bosh-internal', 'clientAuth');
  agentCert = ca.issue(`${AGENT_ID}.bootstrap.agent.bosh-internal`, 'clientAuth');
});

useNatsRoot('it-agent-nats-tls-');

const serverTls = (cert: Issued = serverCert): ServerTls => ({ ...cert, ca: ca.certificate });
const directorTls = (): ClientTls => ({ ca: ca.certificate, ...directorCert });
const agentMbusCert = (cert: Issued = agentCert) => ({
  ca: ca.certificate,
  certificate: cert.certificate,
  private_key: cert.privateKey,
});

/** A nats-server with `tls { verify: true }`, serving `cert` (the valid one by default). */
async function tlsServer(cert?: Issued): Promise<NatsServer> {
  const s = await NatsServer.start(join(root, 'nats'), serverTls(cert));
  running.server = s;
  return s;
}

/** A nats-server with `tls { verify: true }` and the test director connected with its client certificate. */
async function serverAndDirector(): Promise<{ s: NatsServer; d: Director }> {
  const s = await tlsServer();
  const d = await Director.connect(s.port, directorTls());
  running.director = d;
  return { s, d };
}

async function startAgent(s: NatsServer, heartbeatMs = 30_000): Promise<AgentProcess> {
  const a = await AgentProcess.start({
    root,
    agentId: AGENT_ID,
    mbus: s.url,
    cert: agentMbusCert(),
    heartbeatMs,
  });
  running.agent = a;
  return a;
}

describe('bosh-agent over NATS with mutual TLS (nats-server verify: true)', () => {
  it('connects with env.bosh.mbus.cert: ping, get_state, a task, heartbeats', async () => {
    const { s, d } = await serverAndDirector();
    const a = await startAgent(s, 300);
    await d.waitUntilReady(AGENT_ID, a);
    expect(await d.request(AGENT_ID, 'ping', [])).toEqual({ value: 'pong' });
    expect(await d.request(AGENT_ID, 'get_state', [])).toMatchObject({
      value: { agent_id: AGENT_ID, job_state: 'running' },
    });
    expect(await d.runTask(AGENT_ID, 'stop')).toEqual({ value: 'stopped' });
    const beats = () => d.received(`hm.agent.heartbeat.${AGENT_ID}`);
    await waitFor('a heartbeat after stop', () =>
      beats().find((m) => (m.payload as { job_state: string }).job_state === 'stopped'),
    );
    expect(a.log).not.toContain('connecting without TLS');
  });

  it('the server refuses clients without a certificate from its CA', async () => {
    const s = await tlsServer();
    const attempt = (tls: ClientTls) =>
      connect({
        servers: [`127.0.0.1:${String(s.port)}`],
        user: NATS_USER,
        pass: NATS_PASSWORD,
        tls: clientTlsOptions(tls),
        reconnect: false,
        timeout: 5000,
      });
    await expect(attempt({ ca: ca.certificate })).rejects.toThrow();
    const stranger = new TestCa('stranger-ca');
    const foreign = stranger.issue(`${AGENT_ID}.agent.bosh-internal`, 'clientAuth');
    await expect(attempt({ ca: ca.certificate, ...foreign })).rejects.toThrow();
    // The same server takes a client whose certificate its CA signed.
    const ok = await attempt(directorTls());
    await ok.close();
  });

  it('reconnects after the server restarts', async () => {
    const { s, d } = await serverAndDirector();
    const a = await startAgent(s, 300);
    await d.waitUntilReady(AGENT_ID, a);
    await s.restart();
    const restartedAt = Date.now();
    await d.waitUntilReady(AGENT_ID, a);
    await waitFor('a heartbeat after the restart', () =>
      d.received(`hm.agent.heartbeat.${AGENT_ID}`).find((m) => m.at > restartedAt),
    );
    expect(a.exitCode).toBeUndefined();
  });

  it('rotates its certificate with update_settings: restarts in-process and reconnects with the new one', async () => {
    // The server trusts the bootstrap CA and the CA of the permanent certificates, until it restarts trusting
    // only the latter: the agent gets back in only with the certificate update_settings gave it.
    const permanentCa = new TestCa('permanent-ca');
    const permanent = permanentCa.issue(`${AGENT_ID}.agent.bosh-internal`, 'clientAuth');
    const s = await NatsServer.start(join(root, 'nats'), {
      ...serverCert,
      ca: ca.certificate + permanentCa.certificate,
    });
    running.server = s;
    const d = await Director.connect(s.port, {
      ca: ca.certificate,
      ...permanentCa.issue('default.director.bosh-internal', 'clientAuth'),
    });
    running.director = d;
    const a = await startAgent(s);
    await d.waitUntilReady(AGENT_ID, a);
    const rotated = { cert: { ...agentMbusCert(permanent), ca: ca.certificate }, urls: [s.url] };
    expect(await d.runTask(AGENT_ID, 'update_settings', { trusted_certs: '', mbus: rotated })).toEqual({
      value: 'ok',
    });
    expect(a.log).toContain('Restarting agent');
    await s.restart(permanentCa.certificate);
    await d.waitUntilReady(AGENT_ID, a);
    expect(await d.request(AGENT_ID, 'ping', [])).toEqual({ value: 'pong' });
    expect(a.exitCode).toBeUndefined();
  });

  it('refuses a server certificate that does not name the address it dials', async () => {
    const s = await tlsServer(ca.issue('default.nats.bosh-internal', 'serverAuth', ['nats.example']));
    const a = await startAgent(s);
    await waitFor('the refusal', () =>
      /Connecting to NATS at .*IP: 127\.0\.0\.1 is not in the cert's list/.test(a.log) ? true : undefined,
    );
    expect(a.log).not.toContain('Subscribing to');
  });

  it('refuses a server certificate whose CommonName is not *.nats.bosh-internal', async () => {
    const s = await tlsServer(ca.issue('nats.example.com', 'serverAuth', ['127.0.0.1']));
    const a = await startAgent(s);
    await waitFor('the refusal', () =>
      a.log.includes('server Certificate CommonName does not match *.nats.bosh-internal') ? true : undefined,
    );
    expect(a.log).not.toContain('Subscribing to');
  });

  it('does not boot when the client certificate and key do not parse', async () => {
    const s = await tlsServer();
    const a = await AgentProcess.start({
      root,
      agentId: AGENT_ID,
      mbus: s.url,
      cert: { ca: ca.certificate, certificate: 'not a certificate', private_key: '' },
    });
    running.agent = a;
    expect(await a.exited).toBe(1);
    expect(a.log).toContain(
      'App setup: Starting nats handler: Getting connection info: Parsing certificate and private key',
    );
  });
});
