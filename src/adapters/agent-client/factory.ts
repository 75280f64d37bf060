import type {
  AgentClient,
  AgentClientFactory,
  AgentEndpoint,
  AgentTransport,
} from '../../ports/agent-client.js';
import { DirectorAgentClient } from './agent-client.js';
import { HttpsAgentTransport, type HttpsTrust } from './https-transport.js';

export interface AgentClientFactoryOptions {
  /** The director's NATS transport, for agents whose mbus is NATS (or unknown). */
  readonly nats?: AgentTransport;
  /** How HTTPS agents are trusted (see `HttpsTrust`): a configured CA, else explicitly none (local CPI). */
  readonly httpsTrust?: HttpsTrust | ((endpoint: AgentEndpoint) => HttpsTrust);
  readonly log?: (line: string) => void;
}

/**
 * Chooses the transport by the scheme of the agent's mbus URL: `https://…` → a direct HTTPS transport to that
 * agent; `nats://…` or none → the director's shared NATS connection. Anything else is refused, as bosh-agent does.
 */
export function agentClientFactory(o: AgentClientFactoryOptions): AgentClientFactory {
  return (endpoint: AgentEndpoint): AgentClient => {
    const { mbusUrl, ...options } = endpoint;
    const scheme = mbusUrl === undefined ? 'nats:' : new URL(mbusUrl).protocol;
    let transport: AgentTransport;
    if (scheme === 'https:' && mbusUrl !== undefined) {
      const trust = typeof o.httpsTrust === 'function' ? o.httpsTrust(endpoint) : o.httpsTrust;
      if (trust === undefined)
        throw new Error(`No trust configured for the HTTPS mbus of agent ${endpoint.agentId}`);
      transport = new HttpsAgentTransport({ url: mbusUrl, trust, ...(o.log ? { log: o.log } : {}) });
    } else if (scheme === 'nats:') {
      if (o.nats === undefined) throw new Error(`No NATS connection for agent ${endpoint.agentId}`);
      transport = o.nats;
    } else {
      throw new Error(`Invalid mbus URL scheme '${scheme.replace(/:$/, '')}' for agent ${endpoint.agentId}`);
    }
    return new DirectorAgentClient(transport, { ...(o.log ? { log: o.log } : {}), ...options });
  };
}
