import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

/** Resolves undefined when the connection works, else a description of the failure. */
export type CheckResult = string | undefined;

function connectCheck(
  target: { host: string; port: number } | { path: string },
  timeoutMs: number,
): Promise<CheckResult> {
  return new Promise((resolve) => {
    const socket = connect(target);
    const done = (result: CheckResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => {
      done('connection timed out');
    });
    socket.once('connect', () => {
      done(undefined);
    });
    socket.once('error', (e) => {
      done(e.message);
    });
  });
}

export function checkTcp(host: string, port: number, timeoutMs: number): Promise<CheckResult> {
  return connectCheck({ host, port }, timeoutMs);
}

export function checkUnixSocket(path: string, timeoutMs: number): Promise<CheckResult> {
  return connectCheck({ path }, timeoutMs);
}

/** `protocol http`: a GET of `request` (default `/`) that must answer with a status below 400. */
export function checkHttp(
  host: string,
  port: number,
  path: string,
  tls: boolean,
  timeoutMs: number,
): Promise<CheckResult> {
  return new Promise((resolve) => {
    const req = (tls ? httpsRequest : httpRequest)(
      {
        host,
        port,
        path,
        method: 'GET',
        timeout: timeoutMs,
        rejectUnauthorized: false,
        headers: { Connection: 'close' },
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 400 ? `HTTP error: server returned status ${status}` : undefined);
      },
    );
    req.once('timeout', () => {
      req.destroy(new Error('connection timed out'));
    });
    req.once('error', (e) => {
      resolve(e.message);
    });
    req.end();
  });
}
