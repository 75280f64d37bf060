import { spawn } from 'node:child_process';
import { decodeCpiResponse } from '../protocol/cpi.js';
import { redactCpiArguments } from './cpi-redaction.js';
import { CpiSpawnError, type CpiExchange, type ServedCpi } from './served-cpi.js';

export interface ExternalCpiOptions {
  /** The CPI executable (`bin/cpi`), called as `<executable> <config>`. */
  readonly executable: string;
  readonly configPath: string;
  readonly directorUuid: string;
  /** Where each call's `log` (and the request, credentials redacted) is appended: the task's `cpi` output. */
  readonly log?: (text: string) => void;
  readonly newRequestId: () => string;
  /** The CPI's long-lived process, when the config says it has one (`cpi.serve`); else one process per call. */
  readonly served?: ServedCpi | undefined;
}

/** A CPI error response, as BOSH raises it (`Bosh::Clouds::<type>`): the type, message and ok_to_retry. */
export class CpiError extends Error {
  override readonly name = 'CpiError';
  constructor(
    readonly type: string,
    message: string,
    readonly okToRetry: boolean,
  ) {
    super(message);
  }
}

/** One process for one call: the request on its stdin, its output once it exits; rejects when it cannot run. */
function spawnOnce(executable: string, configPath: string, request: string): Promise<CpiExchange> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [configPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      reject(new CpiSpawnError(e.message));
    });
    child.on('close', (code) => {
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(request);
  });
}

/**
 * bosh-director's ExternalCpi: one process per call (or one served process, see ServedCpi), the request as JSON
 * on stdin (`method`, `arguments`, `context` with `director_uuid` and `request_id`, `api_version` 2), the response
 * from stdout.
 */
export class ExternalCpi {
  constructor(private readonly o: ExternalCpiOptions) {}

  call(method: string, args: readonly unknown[]): Promise<unknown> {
    const requestId = `cpi-${this.o.newRequestId()}`;
    const request = JSON.stringify({
      method,
      arguments: args,
      context: { director_uuid: this.o.directorUuid, request_id: requestId },
      api_version: 2,
    });
    const shown = JSON.stringify(redactCpiArguments(method, args));
    const exchange =
      this.o.served?.exchange(request) ?? spawnOnce(this.o.executable, this.o.configPath, request);
    return exchange.then(
      ({ stdout, stderr, code }) => {
        this.o.log?.(`[external-cpi] [${requestId}] request: ${method} ${shown}\n`);
        const decoded = decodeCpiResponse(stdout);
        if (!decoded.ok) {
          this.o.log?.(`[external-cpi] [${requestId}] stderr: ${stderr}\n`);
          throw new CpiError(
            'Bosh::Clouds::ExternalCpi::InvalidResponse',
            `Invalid CPI response - SchemaValidationError: ${decoded.error.message}; exit status ${String(code)}; stderr: ${stderr.trim()}`,
            false,
          );
        }
        const response = decoded.value;
        if (response.log !== '')
          this.o.log?.(response.log.endsWith('\n') ? response.log : `${response.log}\n`);
        if (response.error)
          throw new CpiError(response.error.type, response.error.message, response.error.ok_to_retry);
        return response.result;
      },
      (e: unknown) => {
        throw new CpiError(
          'Bosh::Clouds::CloudError',
          `Running CPI '${this.o.executable}': ${e instanceof Error ? e.message : String(e)}`,
          false,
        );
      },
    );
  }

  async createStemcell(
    imagePath: string,
    cloudProperties: Readonly<Record<string, unknown>>,
    env?: { readonly tags: Readonly<Record<string, string>> },
  ): Promise<string> {
    const result = await this.call(
      'create_stemcell',
      env === undefined ? [imagePath, cloudProperties] : [imagePath, cloudProperties, env],
    );
    return String(result);
  }

  async deleteStemcell(cid: string): Promise<void> {
    await this.call('delete_stemcell', [cid]);
  }

  async info(): Promise<{ readonly stemcell_formats?: readonly string[] }> {
    const result = (await this.call('info', [])) as { stemcell_formats?: unknown } | null;
    const formats = result?.stemcell_formats;
    return Array.isArray(formats) ? { stemcell_formats: formats.map(String) } : {};
  }
}
