/** HTTP GETs of the tests against the web servers of deployed VMs. */
import { request } from 'node:http';

/** What a GET got: the whole body of the response, or the error's code (e.g. ECONNREFUSED) or message. */
export type HttpAnswer = { readonly body: string } | { readonly error: string };

/** GET http://HOST:PORT/PATH, never failing; with `timeoutMs`, a request without an answer by then is 'timeout'. */
export function httpAnswer(
  host: string,
  port: number,
  path: string,
  timeoutMs?: number,
): Promise<HttpAnswer> {
  return new Promise((done) => {
    const req = request(
      { host, port, path, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) },
      (res) => {
        let body = '';
        res.on('data', (b: Buffer) => (body += b.toString()));
        res.on('end', () => {
          done({ body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => {
      done({ error: e.code ?? e.message });
    });
    req.end();
  });
}

/** GET http://HOST:PORT/PATH → the body, or the error's code (e.g. ECONNREFUSED; 'timeout' after 5 s). */
export async function httpGet(host: string, port: number, path: string): Promise<string> {
  const answer = await httpAnswer(host, port, path, 5000);
  return 'body' in answer ? answer.body : answer.error;
}
