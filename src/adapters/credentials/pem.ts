/**
 * PEM as Go's encoding/pem writes and reads it. Writing: 64-character base64 lines and a trailing newline.
 * Reading (for CAs found in variables) follows pem.Decode's leniency: the first well-formed block anywhere in the
 * text wins, whatever its type, headers are skipped, and a block whose base64 is invalid is passed over.
 */

export interface PemBlock {
  readonly type: string;
  readonly bytes: Buffer;
}

export function encodePem(type: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.map((l) => l + '\n').join('')}-----END ${type}-----\n`;
}

const BEGIN = '-----BEGIN ';
const END = '\n-----END ';
const DASHES = '-----';
// Go's base64.StdEncoding: padded, standard alphabet; pem strips CR/LF (the decoder) and spaces/tabs (pem).
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A line without its terminator and trailing spaces, tabs and CRs, plus what follows it. */
function getLine(data: string): [string, string] {
  const i = data.indexOf('\n');
  const line = i < 0 ? data : data.slice(0, i);
  const rest = i < 0 ? '' : data.slice(i + 1);
  return [line.replace(/[ \t\r]+$/, ''), rest];
}

export function decodePem(data: string): PemBlock | undefined {
  let rest = data;
  for (;;) {
    if (rest.startsWith(BEGIN)) rest = rest.slice(BEGIN.length);
    else {
      const at = rest.indexOf('\n' + BEGIN);
      if (at < 0) return undefined;
      rest = rest.slice(at + 1 + BEGIN.length);
    }
    const [typeLine, afterType] = getLine(rest);
    rest = afterType;
    if (!typeLine.endsWith(DASHES)) continue;
    const type = typeLine.slice(0, -DASHES.length);
    const block = readBody(type, rest);
    if (block) return block;
  }
}

function readBody(type: string, input: string): PemBlock | undefined {
  let rest = input;
  let headers = 0;
  for (;;) {
    if (rest === '') return undefined;
    const [line, next] = getLine(rest);
    if (!line.includes(':')) break;
    headers++;
    rest = next;
  }
  let endIndex: number;
  let trailerIndex: number;
  // Without headers the END line may follow the BEGIN line directly (an empty block).
  if (headers === 0 && rest.startsWith(END.slice(1))) {
    endIndex = 0;
    trailerIndex = END.length - 1;
  } else {
    endIndex = rest.indexOf(END);
    trailerIndex = endIndex + END.length;
  }
  if (endIndex < 0) return undefined;
  const trailer = rest.slice(trailerIndex);
  const expected = type + DASHES;
  if (!trailer.startsWith(expected)) return undefined;
  if (getLine(trailer.slice(expected.length))[0] !== '') return undefined;
  const b64 = rest.slice(0, endIndex).replace(/[ \t\r\n]/g, '');
  if (!STRICT_BASE64.test(b64)) return undefined;
  return { type, bytes: Buffer.from(b64, 'base64') };
}
