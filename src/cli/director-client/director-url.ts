import { wrapError } from '../../base/errors.js';

/** Where the director listens: bosh-cli director.NewConfigFromURL (port 25555 unless the URL has one). */
export interface DirectorAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * `https://10.0.0.6:25555`, `10.0.0.6`, `bosh.example.com:443`... parsed as Go's url.Parse and net.SplitHostPort
 * do, with bosh-cli's error texts. The scheme is ignored: the director is always reached over HTTPS.
 */
export function parseDirectorUrl(url: string): DirectorAddress {
  if (url === '') throw new Error('Expected non-empty Director URL');
  let parsedHost: string;
  try {
    parsedHost = goUrlHost(url);
  } catch (e) {
    throw wrapError(e, `Parsing Director URL '${url}'`);
  }
  let host = parsedHost === '' ? url : parsedHost;
  let port = 25555;
  if (host.includes(':')) {
    let portText: string;
    try {
      [host, portText] = splitHostPort(host);
    } catch (e) {
      throw wrapError(e, `Extracting host/port from URL '${parsedHost}'`);
    }
    if (!/^[+-]?[0-9]+$/.test(portText)) {
      throw wrapError(
        new Error(`strconv.Atoi: parsing ${JSON.stringify(portText)}: invalid syntax`),
        `Extracting port from URL '${parsedHost}'`,
      );
    }
    port = Number.parseInt(portText, 10);
  }
  if (host === '') throw new Error(`Expected to extract host from URL '${url}'`);
  return { host, port };
}

/** The Host of url.Parse: the authority after `scheme://` (minus user info); '' for other forms. */
function goUrlHost(raw: string): string {
  const fail = (why: string): Error => new Error(`parse ${JSON.stringify(raw)}: ${why}`);
  let rest = raw;
  const scheme = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(raw);
  if (raw.startsWith(':')) throw fail('missing protocol scheme');
  if (scheme !== null) {
    rest = raw.slice(scheme[0].length);
  } else {
    const firstSegment = raw.split('/')[0] ?? '';
    if (!raw.startsWith('/') && firstSegment.includes(':')) {
      throw fail('first path segment in URL cannot contain colon');
    }
    return '';
  }
  if (!rest.startsWith('//')) return '';
  let authority = rest.slice(2);
  const end = authority.search(/[/?#]/);
  if (end !== -1) authority = authority.slice(0, end);
  const at = authority.lastIndexOf('@');
  const host = at === -1 ? authority : authority.slice(at + 1);
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !host.endsWith(']') && !/^[0-9]*$/.test(host.slice(colon + 1))) {
    throw fail(`invalid port ${JSON.stringify(host.slice(colon))} after host`);
  }
  return host;
}

/** net.SplitHostPort. */
function splitHostPort(hostport: string): [string, string] {
  const missing = (why: string): Error => new Error(`address ${hostport}: ${why}`);
  const i = hostport.lastIndexOf(':');
  if (i === -1) throw missing('missing port in address');
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end === -1) throw missing("missing ']' in address");
    if (end + 1 !== i)
      throw missing(end + 1 === hostport.length ? 'missing port in address' : 'too many colons in address');
    return [hostport.slice(1, end), hostport.slice(i + 1)];
  }
  const host = hostport.slice(0, i);
  if (host.includes(':')) throw missing('too many colons in address');
  if (host.includes('[') || host.includes(']'))
    throw missing(`unexpected '${host.includes('[') ? '[' : ']'}' in address`);
  return [host, hostport.slice(i + 1)];
}
