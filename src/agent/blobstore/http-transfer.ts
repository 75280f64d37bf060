import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';

export interface HttpOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** PEM of the CA the server certificate must chain to; system roots when absent. */
  readonly ca?: string;
  readonly user?: string;
  readonly password?: string;
}

function send(method: string, url: URL, options: HttpOptions, body?: string): Promise<IncomingMessage> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== undefined && options.user !== '') {
    headers['Authorization'] =
      'Basic ' + Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64');
  }
  return new Promise((resolve, reject) => {
    const run = async () => {
      if (body !== undefined) headers['Content-Length'] = String((await stat(body)).size);
      const opts: RequestOptions & { ca?: string } = { method, headers };
      if (options.ca !== undefined && options.ca !== '') opts.ca = options.ca;
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, opts, resolve);
      req.on('error', reject);
      if (body === undefined) req.end();
      else await pipeline(createReadStream(body), req);
    };
    run().catch(reject);
  });
}

async function bodyText(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    if (text.length < 1024) text += String(chunk);
  }
  return text.slice(0, 1024);
}

/** GETs `url` into `dest`; anything but 200 fails with davcli's `Wrong response code` text. */
export async function httpDownload(
  url: URL,
  dest: string,
  options: HttpOptions,
  what: string,
): Promise<void> {
  const res = await send('GET', url, options);
  if (res.statusCode !== 200) {
    throw new Error(`${what}: Wrong response code: ${String(res.statusCode)}; body: ${await bodyText(res)}`);
  }
  await pipeline(res, createWriteStream(dest, { mode: 0o600 }));
}

/** PUTs the file at `source`; 201 and 204 are success. */
export async function httpUpload(
  url: URL,
  source: string,
  options: HttpOptions,
  what: string,
): Promise<void> {
  const res = await send('PUT', url, options, source);
  const text = await bodyText(res);
  if (res.statusCode !== 201 && res.statusCode !== 204) {
    throw new Error(`${what}: Wrong response code: ${String(res.statusCode)}; body: ${text}`);
  }
}
