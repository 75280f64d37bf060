import { goJsonMarshal } from '../../base/go-json.js';
import type { AgentResponse } from '../../protocol/agent.js';

/** bosh-agent's `responseMaxLength` for NATS replies (`mbus/nats_handler.go`): 1 MiB. */
export const NATS_RESPONSE_MAX_LENGTH = 1024 * 1024;

export const RESPONSE_TOO_LONG_MESSAGE = 'Response exceeded maximum allowed length';
const TRUNCATION_MARKER = '\n...[truncated]...\n';

export interface MarshalledResponse {
  readonly json: string;
  /** `fits`: as is; `truncated`: the exception message was cut; `replaced`: the too-long error took its place. */
  readonly outcome: 'fits' | 'truncated' | 'replaced';
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
const exceptionJson = (message: string): string => goJsonMarshal({ exception: { message } });

/**
 * `handler.PerformHandlerWithJSON`'s marshalling with a size limit (`maxLength` bytes; negative: unlimited). A reply
 * over the limit becomes, for an exception, the message cut to its head and tail around `…[truncated]…`, and
 * otherwise (or when even that cannot fit) `{"exception":{"message":"Response exceeded maximum allowed length"}}`.
 * bosh-agent first tries `Response.Shorten()`, which only changes errors with a shorter `ShortError()` (command
 * errors without their output); the dispatcher hands over messages already flattened, so that step is a no-op here.
 */
export function marshalResponse(response: AgentResponse, maxLength: number): MarshalledResponse {
  const json = goJsonMarshal(response);
  if (maxLength < 0 || byteLength(json) <= maxLength) return { json, outcome: 'fits' };
  if ('exception' in response) {
    const message = truncateExceptionMessage(response.exception.message, maxLength);
    if (message !== undefined) {
      const truncated = exceptionJson(message);
      if (byteLength(truncated) <= maxLength) return { json: truncated, outcome: 'truncated' };
    }
  }
  return { json: exceptionJson(RESPONSE_TOO_LONG_MESSAGE), outcome: 'replaced' };
}

/**
 * `truncateExceptionResponse`: the message cut so that `{"exception":{"message":…}}` fits in `maxLength` bytes,
 * keeping the first and last bytes (the tail gets the odd byte: the root cause is at the end of an error chain) on
 * character boundaries, shrinking further while JSON escaping makes the result too long. Undefined when the marker
 * alone does not fit.
 */
export function truncateExceptionMessage(message: string, maxLength: number): string | undefined {
  const fixedOverhead = byteLength(exceptionJson(TRUNCATION_MARKER)) - byteLength(TRUNCATION_MARKER);
  const maxMessageBytes = maxLength - fixedOverhead;
  const markerBytes = byteLength(TRUNCATION_MARKER);
  if (maxMessageBytes <= markerBytes) return undefined;
  if (byteLength(exceptionJson(message)) <= maxLength) return message;
  const bytes = Buffer.from(message, 'utf8');
  const continuation = (i: number) => ((bytes[i] ?? 0) & 0xc0) === 0x80;
  let content = Math.min(maxMessageBytes - markerBytes, bytes.length);
  while (content > 0) {
    const headBytes = Math.floor(content / 2);
    let headEnd = headBytes;
    while (headEnd > 0 && headEnd < bytes.length && continuation(headEnd)) headEnd--;
    let tailStart = bytes.length - (content - headBytes);
    while (tailStart < bytes.length && continuation(tailStart)) tailStart++;
    const candidate =
      bytes.subarray(0, headEnd).toString('utf8') +
      TRUNCATION_MARKER +
      bytes.subarray(tailStart).toString('utf8');
    const size = byteLength(exceptionJson(candidate));
    if (size <= maxLength) return candidate;
    const next = Math.floor((content * maxLength) / size);
    content = next >= content ? content - 1 : next;
  }
  return undefined;
}
