import { wrapError } from '../../base/errors.js';
import type { DirectorTransport, Method, RequestBody } from './transport.js';

/** `Director responded with non-successful status code '404' response '...'`, with the status for callers to test. */
export class DirectorStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Director responded with non-successful status code '${status.toString()}' response '${body}'`);
    this.name = 'DirectorStatusError';
  }
}

export interface RawOptions {
  readonly body?: RequestBody;
  readonly headers?: Readonly<Record<string, string>>;
  readonly onUpload?: (sent: number) => void;
  /** The body goes to a writer (task output): bosh-cli then does not read it for the error text. */
  readonly streamed?: boolean;
}

const SUCCESS = new Set([200, 201, 204, 206, 302]);

/** bosh-cli director.ClientRequest: requests against the director endpoint, errors worded as bosh-cli's. */
export class ClientRequest {
  constructor(private readonly transport: DirectorTransport) {}

  get endpoint(): string {
    return this.transport.endpoint;
  }

  async raw(method: Method, path: string, o: RawOptions = {}): Promise<Buffer> {
    const url = this.endpoint + path;
    let resp;
    try {
      resp = await this.transport.send({
        method,
        path,
        ...(o.headers !== undefined ? { headers: o.headers } : {}),
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.onUpload !== undefined ? { onUpload: o.onUpload } : {}),
      });
    } catch (e) {
      throw wrapError(wrapError(e, `Performing ${method} request`), `Performing request ${method} '${url}'`);
    }
    if (!SUCCESS.has(resp.status)) {
      throw new DirectorStatusError(resp.status, o.streamed === true ? '' : resp.body.toString('utf8'));
    }
    return resp.body;
  }

  async get(path: string): Promise<unknown> {
    return parseDirectorJson(await this.raw('GET', path));
  }

  async post(path: string, body: RequestBody, headers: Readonly<Record<string, string>>): Promise<unknown> {
    return parseDirectorJson(await this.raw('POST', path, { body, headers }));
  }

  async put(path: string, body: RequestBody, headers: Readonly<Record<string, string>>): Promise<unknown> {
    return parseDirectorJson(await this.raw('PUT', path, { body, headers }));
  }

  async delete(path: string): Promise<unknown> {
    return parseDirectorJson(await this.raw('DELETE', path));
  }
}

/** json.Unmarshal of a director response, with encoding/json's texts for the usual failures. */
export function parseDirectorJson(body: Buffer | string): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw wrapError(new Error(jsonSyntaxMessage(text)), 'Unmarshaling Director response');
  }
}

function jsonSyntaxMessage(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed === '') return 'unexpected end of JSON input';
  const first = trimmed.charAt(0);
  if (!/[[{"\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  return 'unexpected end of JSON input';
}
