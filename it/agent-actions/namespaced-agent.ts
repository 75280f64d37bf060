import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { HttpsAgent, spawnAgent } from '../agent/harness.js';

const run = promisify(execFile);

/**
 * A real `bosh-agent` started in a private mount namespace (`unshare --mount --propagation private`): what it
 * mounts (the job dir tmpfs) is seen by it and its scripts only, never by the host, and goes away with it. Speaks
 * the HTTPS mbus like `AgentProcess`.
 */
export class NamespacedAgent extends HttpsAgent {
  /** The agent's pid (unshare execs the agent in place, so it is the namespace's first process). */
  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined) throw new Error('agent has no pid');
    return pid;
  }

  static async start(root: string, settings: Record<string, unknown>): Promise<NamespacedAgent> {
    const spawned = await spawnAgent({ root, settings }, ['unshare', '--mount', '--propagation', 'private']);
    const agent = new NamespacedAgent(spawned, '');
    await agent.waitUntilReady();
    return agent;
  }

  /** The mount table the agent sees (`/proc/<pid>/mountinfo`). */
  mountinfo(): Promise<string> {
    return readFile(`/proc/${String(this.pid)}/mountinfo`, 'utf8');
  }

  /** Unmounts `dir` inside the agent's namespace (best effort: nothing to do when it is not mounted). */
  async unmountInside(dir: string): Promise<void> {
    if (this.exitCode !== undefined) return;
    await run('nsenter', ['--target', String(this.pid), '--mount', 'umount', dir]).catch(() => undefined);
  }
}
