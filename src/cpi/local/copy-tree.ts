import { execFile } from 'node:child_process';
import { cloudError } from './response.js';

/** `cp -a`: a disk's files keep their owners, modes, links and times (node's fs.cp keeps no owners). */
export function copyTree(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'cp',
      ['-a', '--', from, to],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (error, _out, stderr) => {
        if (error) reject(cloudError(`Copying ${from} to ${to}: ${stderr.trim() || error.message}`));
        else resolve();
      },
    );
  });
}
