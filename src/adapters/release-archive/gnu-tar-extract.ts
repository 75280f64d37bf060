import { execFile } from 'node:child_process';
import { wrapError } from '../../base/errors.js';

/**
 * Extracts a tarball with the system's GNU tar, exactly as bosh-cli shells out to it
 * (`tar --no-same-owner -xzf <path> -C <dir>`), so failures read as bosh-cli's do.
 */
export function gnuTarExtract(tarballPath: string, dir: string): Promise<void> {
  const args = ['--no-same-owner', '-xzf', tarballPath, '-C', dir];
  return new Promise((done, fail) => {
    execFile('tar', args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        done();
        return;
      }
      const status = typeof error.code === 'number' ? `exit status ${error.code.toString()}` : error.message;
      const command = `Running command: 'tar ${args.join(' ')}', stdout: '${stdout}', stderr: '${stderr}'`;
      fail(wrapError(wrapError(new Error(status), command), 'Shelling out to tar'));
    });
  });
}
