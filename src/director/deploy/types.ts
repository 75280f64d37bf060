import type { AgentClientFactory } from '../../ports/agent-client.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { DirectorStore } from '../../ports/director-store.js';
import type { TemplateRenderer } from '../../ports/template-renderer.js';
import type { CompileCpi } from '../compile/types.js';
import type { DirectorConfigServer } from '../config-server/index.js';
import type { DeploymentVariablesDeps } from '../config-server/deployment-variables.js';

/** What deploying needs; main.ts wires the real CPI, agent client and template renderer. */
export interface DeployDeps {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly tmpDir: string;
  /** The default CPI, its calls logged with `log`; undefined when none is configured. */
  readonly cpiFor: (log: (text: string) => void) => CompileCpi | undefined;
  readonly agents: AgentClientFactory;
  /** The agent's mbus URL for a VM at `ip` (the CPI config's `agent.mbus` with `{ip}`); undefined: NATS. */
  readonly mbusFor: (ip: string) => string | undefined;
  readonly renderer: () => TemplateRenderer;
  readonly newId: () => string;
  readonly cpiLog: (taskId: number, text: string) => void;
  /** wait_until_ready's deadline (BOSH: 600 s). */
  readonly agentWaitTimeoutSeconds?: number;
  /**
   * The built-in config server and the director's name (relative `((names))` are `/<director>/<deployment>/<name>`).
   * Absent: BOSH's disabled config server, properties and env rendered as written.
   */
  readonly configServer?: { readonly server: DirectorConfigServer; readonly directorName: string };
}

/** What reading the deployment's variables through the config server needs; undefined without a config server. */
export function variablesDeps(deps: DeployDeps): DeploymentVariablesDeps | undefined {
  const cs = deps.configServer;
  if (cs === undefined) return undefined;
  return { server: cs.server, directorName: cs.directorName, variableSets: deps.store.variables };
}
