/**
 * The part of Ruby's `URI.parse` (uri 1.x, `RFC3986_Parser`) the director's release-URL redaction relies on:
 * whether the URL parses, and its raw (still percent-encoded) `user` and `password`.
 */

const H = '[0-9A-Fa-f]';
const H16 = `${H}{1,4}`;
const DEC_OCTET = '(?:[1-9]\\d|1\\d{2}|2[0-4]\\d|25[0-5]|\\d)';
const IPV4 = `${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}`;
const LS32 = `(?:${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(?:${H16}:){6}${LS32}`,
  `::(?:${H16}:){5}${LS32}`,
  `${H}{1,4}?::(?:${H16}:){4}${LS32}`,
  `(?:(?:${H16}:)?${H16})?::(?:${H16}:){3}${LS32}`,
  `(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2}${LS32}`,
  `(?:(?:${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `(?:(?:${H16}:){0,4}${H16})?::${LS32}`,
  `(?:(?:${H16}:){0,5}${H16})?::${H16}`,
  `(?:(?:${H16}:){0,6}${H16})?::`,
].join('|');
const IP_LITERAL = `\\[(?:${IPV6}|v${H}+\\.[!$&-.0-9:;=A-Z_a-z~]+)\\]`;
const HOST = `(?:${IP_LITERAL}|${IPV4}|(?:%${H}{2}|[!$&-.0-9;=A-Z_a-z~])*)`;
const USERINFO = `(?:%${H}{2}|[!$&-.0-9:;=A-Z_a-z~])*`;
const SEG = `(?:%${H}{2}|[!$&-.0-9:;=@A-Z_a-z~/])`;
const SEG_NC = `(?:%${H}{2}|[!$&-.0-9;=@A-Z_a-z~])`;
const TAIL = `(?:\\?(?<query>[^#]*))?(?:#(?:%${H}{2}|[!$&-.0-9:;=@A-Z_a-z~/?])*)?$`;
const AUTHORITY = `(?:(?<userinfo>${USERINFO})@)?`;

const RFC3986_URI = new RegExp(
  `^(?<scheme>[A-Za-z][+\\-.0-9A-Za-z]*):(?://${AUTHORITY}${HOST}(?::\\d*)?(?:/${SEG}*)?` +
    `|/(?:(?!/)${SEG}+)?|(?<opaque>(?!/)${SEG}+)|)${TAIL}`,
);
const RFC3986_RELATIVE_REF = new RegExp(
  `^(?://${AUTHORITY}(?:${HOST}(?<!/))?(?::\\d*)?(?:/${SEG}*)?|/${SEG}*|${SEG_NC}+(?:/${SEG}*)?|)${TAIL}`,
);

export interface Userinfo {
  readonly user: string | null;
  readonly password: string | null;
}

/** `URI.parse(url)`'s `user`/`password`, or null where it raises `URI::Error`. */
export function parseUserinfo(url: string): Userinfo | null {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(url)) return null;
  const m = RFC3986_URI.exec(url) ?? RFC3986_RELATIVE_REF.exec(url);
  if (!m) return null;
  const groups = m.groups ?? {};
  const scheme = groups['scheme']?.toLowerCase();
  const query = groups['opaque'] === undefined ? groups['query'] : undefined;
  if (query !== undefined && /%[^0-9A-Fa-f][^0-9A-Fa-f]/.test(query.replace(/[\t\r\n]/g, ''))) return null;
  // URI::MailTo insists on an opaque part; URI::File drops userinfo.
  if (scheme === 'mailto' && groups['opaque'] === undefined) return null;
  const userinfo = scheme === 'file' || groups['opaque'] !== undefined ? undefined : groups['userinfo'];
  if (userinfo === undefined || userinfo === '') return { user: null, password: null };
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { user: userinfo, password: null };
  return { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) };
}
