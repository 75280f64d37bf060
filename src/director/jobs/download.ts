import { createWriteStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { boshError } from '../../core/errors.js';

/** `Redactor#redact_basic_auth`: the URL's user and password replaced by `<redacted>`. */
export function redactBasicAuth(url: string): string {
  try {
    const u = new URL(url);
    let out = url;
    if (u.username !== '') out = out.replace(u.username, '<redacted>');
    if (u.password !== '') out = out.replace(u.password, '<redacted>');
    return out;
  } catch {
    return url;
  }
}

function get(url: URL): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = {};
  if (url.username !== '' && url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers['Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/**
 * bosh-director's `DownloadHelper#download_remote_file`: GETs `remoteUrl` into `localPath` (basic auth from the
 * URL), following up to 9 redirects (301/302); 404 → ResourceNotFound `No <resource> found at '<url>'.`, any other
 * failure → ResourceError `Downloading remote <resource> failed. Check task debug log for details.` (the cause goes
 * to the debug log). URLs in messages have their credentials redacted.
 */
export async function downloadRemoteFile(
  resource: string,
  remoteUrl: string,
  localPath: string,
  debug: (line: string) => void,
  redirects = 0,
): Promise<void> {
  const redacted = redactBasicAuth(remoteUrl);
  debug(`Downloading remote ${resource} from ${redacted}`);
  const failed = boshError(
    'ResourceError',
    `Downloading remote ${resource} failed. Check task debug log for details.`,
  );
  let response: IncomingMessage;
  try {
    response = await get(new URL(remoteUrl));
  } catch (e) {
    debug(
      `Downloading remote ${resource} from ${redacted} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
    throw failed;
  }
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    try {
      await pipeline(response, createWriteStream(localPath));
      return;
    } catch (e) {
      debug(
        `Downloading remote ${resource} from ${redacted} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
      throw failed;
    }
  }
  response.resume();
  if (status === 301 || status === 302) {
    if (redirects >= 9) throw boshError('ResourceError', `Too many redirects at '${redacted}'.`);
    const location = response.headers.location;
    if (location === undefined) {
      throw boshError('ResourceError', `No location header for redirect found at '${redacted}'.`);
    }
    const next = new URL(location, remoteUrl).toString();
    return downloadRemoteFile(resource, next, localPath, debug, redirects + 1);
  }
  debug(`Downloading remote ${resource} from ${redacted} failed: ${status} ${response.statusMessage ?? ''}`);
  if (status === 404) throw boshError('ResourceNotFound', `No ${resource} found at '${redacted}'.`);
  throw failed;
}
