import { describe, expect, it } from 'vitest';
import {
  marshalResponse,
  NATS_RESPONSE_MAX_LENGTH,
  RESPONSE_TOO_LONG_MESSAGE,
  truncateExceptionMessage,
} from './nats-response.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const MARKER = '\n...[truncated]...\n';

describe('marshalResponse (PerformHandlerWithJSON with a size limit)', () => {
  it('keeps a response that fits, in Go JSON (HTML characters escaped)', () => {
    expect(marshalResponse({ value: 'a<b' }, 100)).toEqual({
      json: '{"value":"a\\u003cb"}',
      outcome: 'fits',
    });
    expect(marshalResponse({ value: 'x'.repeat(20) }, -1).outcome).toBe('fits');
  });

  it('limits replies to 1 MiB', () => {
    expect(NATS_RESPONSE_MAX_LENGTH).toBe(1048576);
    const fits = { value: 'x'.repeat(NATS_RESPONSE_MAX_LENGTH - '{"value":""}'.length) };
    expect(marshalResponse(fits, NATS_RESPONSE_MAX_LENGTH).outcome).toBe('fits');
    const over = { value: 'x'.repeat(NATS_RESPONSE_MAX_LENGTH) };
    expect(marshalResponse(over, NATS_RESPONSE_MAX_LENGTH)).toEqual({
      json: `{"exception":{"message":"${RESPONSE_TOO_LONG_MESSAGE}"}}`,
      outcome: 'replaced',
    });
  });

  it('replaces a value that is too long with the "exceeded maximum allowed length" exception', () => {
    expect(marshalResponse({ value: ['a'.repeat(200)] }, 100)).toEqual({
      json: '{"exception":{"message":"Response exceeded maximum allowed length"}}',
      outcome: 'replaced',
    });
  });

  it('truncates a long exception message to its head and tail around the marker', () => {
    const message = 'Action Failed get_task: ' + 'h'.repeat(300) + 't'.repeat(300) + ' root cause';
    const { json, outcome } = marshalResponse({ exception: { message } }, 200);
    expect(outcome).toBe('truncated');
    expect(bytes(json)).toBeLessThanOrEqual(200);
    const got = (JSON.parse(json) as { exception: { message: string } }).exception.message;
    expect(got.startsWith('Action Failed get_task: hhh')).toBe(true);
    expect(got.endsWith('ttt root cause')).toBe(true);
    expect(got).toContain(MARKER);
  });

  it('falls back to the too-long exception when even the marker cannot fit', () => {
    expect(marshalResponse({ exception: { message: 'e'.repeat(100) } }, 40).outcome).toBe('replaced');
  });
});

describe('truncateExceptionMessage', () => {
  it('returns a message that fits unchanged', () => {
    expect(truncateExceptionMessage('short', 100)).toBe('short');
  });

  it('fills the limit exactly with ASCII, the tail getting the odd byte', () => {
    // Go's fixed overhead counts the marker's escaped newlines (`\n` is two bytes in JSON).
    const overhead = bytes('{"exception":{"message":""}}') + 2;
    const max = overhead + MARKER.length + 11;
    const message = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const got = truncateExceptionMessage(message, max);
    expect(got).toBe(`abcde${MARKER}456789`);
  });

  it('cuts on character boundaries of multi-byte text', () => {
    const message = 'é'.repeat(100) + '€'.repeat(100);
    const got = truncateExceptionMessage(message, 120);
    expect(got).toBeDefined();
    const [head = '', tail = ''] = (got ?? '').split(MARKER);
    expect(head).toMatch(/^é+$/);
    expect(tail).toMatch(/^€+$/);
    expect(bytes(JSON.stringify({ exception: { message: got } }))).toBeLessThanOrEqual(120);
  });

  it('shrinks further when JSON escaping makes the candidate too long', () => {
    const message = '"'.repeat(500);
    const got = truncateExceptionMessage(message, 150);
    expect(got).toBeDefined();
    expect(bytes(JSON.stringify({ exception: { message: got } }))).toBeLessThanOrEqual(150);
    expect(got).toContain(MARKER);
  });

  it('gives up when the marker alone does not fit', () => {
    expect(truncateExceptionMessage('x'.repeat(100), 40)).toBeUndefined();
  });
});
