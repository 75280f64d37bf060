import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import type { ScriptCommand, ScriptRunner } from '../ports.js';

/**
 * Runs a script with the agent's environment plus the command's, output appended to its log files (0640), at a
 * lower priority (nice = agent's + 5, at most 19) as bosh-utils' SpawnWithLowerPriority does.
 */
export class NodeScriptRunner implements ScriptRunner {
  constructor(private readonly baseEnv: Readonly<Record<string, string | undefined>>) {}

  async run(command: ScriptCommand): Promise<number> {
    const out = await open(command.stdoutFile, 'a', 0o640);
    try {
      const err = await open(command.stderrFile, 'a', 0o640);
      try {
        return await new Promise<number>((resolve, reject) => {
          const child = spawn(command.path, [], {
            env: { ...this.baseEnv, ...command.env },
            stdio: ['ignore', out.fd, err.fd],
          });
          child.on('error', reject);
          child.on('spawn', () => {
            lowerPriority(child.pid);
          });
          child.on('exit', (code, signal) => {
            resolve(code ?? (signal === null ? -1 : 128));
          });
        });
      } finally {
        await err.close();
      }
    } finally {
      await out.close();
    }
  }
}

function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, Math.min(getPriority() + 5, 19));
  } catch {
    // Best effort, as in bosh-utils.
  }
}
