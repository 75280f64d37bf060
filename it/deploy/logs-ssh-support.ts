/**
 * Helpers of the `bosh logs` and `bosh ssh` tests: the agents' environment for SSH, the bundles `bosh logs` saves,
 * and the director's tasks settling.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canBind } from './agent-support.js';
import type { DeployEnv } from './support.js';

export interface SshAgentEnv {
  /** The agents' environment: another SSH port when needed, and a `sudo` (`bosh logs --num` runs `sudo bash -c`). */
  readonly agentEnv: Record<string, string>;
  /** `--opts` that reach an agent on another port than 22 (when 22 is taken on this host, or we may not bind it). */
  readonly portOpts: string[];
}

/** The agent environment for VMs of `range`, with a `sudo` under `dir` when the host has none. */
export async function sshAgentEnv(dir: string, range: string): Promise<SshAgentEnv> {
  const agentEnv: Record<string, string> = {};
  let portOpts: string[] = [];
  if (!(await canBind(`${range}.250`, 22))) {
    const port = randomInt(20_000, 40_000);
    agentEnv['BOSH_AGENT_SSH_PORT'] = String(port);
    portOpts = ['--opts=-p', `--opts=${String(port)}`];
  }
  if (spawnSync('sh', ['-c', 'command -v sudo']).status !== 0) {
    const bin = await mkdtemp(join(dir, 'bin-'));
    await writeFile(join(bin, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    agentEnv['PATH'] = `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  }
  return { agentEnv, portOpts };
}

/** The entries of a tgz. */
export function entries(file: string): string[] {
  return spawnSync('tar', ['tzf', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
}

/** The downloaded bundle `bosh logs` printed it saved. */
export function saved(stdout: string): string {
  return /Downloading resource '[0-9a-f-]{36}' to '([^']+)'\.\.\./.exec(stdout)?.[1] ?? '';
}

/** Waits until the director has no queued or processing task (10 s at most). */
export async function waitForTasksToFinish(env: DeployEnv): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const running = (await env.director.json('GET', '/tasks?state=queued,processing&verbose=2')) as unknown[];
    if (running.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('tasks still running');
}
