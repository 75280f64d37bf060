/** The agents' side of the deploy tests: where they may serve SSH, and the environment the local CPI gives them. */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { DeployEnv } from './support.js';

/** Whether a server may listen on IP:PORT here (VMs serve SSH on port 22 of their IP: root, and no sshd on 0.0.0.0). */
export function canBind(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, ip, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** Sets `agent_env` in the env's local CPI config: the environment of every agent the CPI starts from now on. */
export async function setAgentEnv(env: DeployEnv, agentEnv: Readonly<Record<string, string>>): Promise<void> {
  const cpiConfig = join(env.dir, 'director', 'cpi.json');
  const config = JSON.parse(await readFile(cpiConfig, 'utf8')) as Record<string, unknown>;
  await writeFile(cpiConfig, JSON.stringify({ ...config, agent_env: agentEnv }));
}
