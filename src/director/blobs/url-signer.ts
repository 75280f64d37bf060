import { createHmac, timingSafeEqual } from 'node:crypto';

export type BlobVerb = 'GET' | 'PUT';

/**
 * Short-lived signed URLs for agents (BOSH's blobstore `signed_urls`): `<base>/signed/blobs/<id>?e=<unix expiry>&s=<hmac>`,
 * the HMAC-SHA256 over verb, id and expiry with the director's signing key. Agents need no credentials, and a URL
 * is good for one verb and one blob until it expires.
 */
export class BlobUrlSigner {
  constructor(
    private readonly key: Buffer,
    /** The director's URL as agents reach it (known once the server listens). */
    private readonly baseUrl: () => string,
  ) {}

  sign(verb: BlobVerb, id: string, expiresAt: number): string {
    const e = String(Math.floor(expiresAt));
    return `${this.baseUrl()}/signed/blobs/${encodeURIComponent(id)}?e=${e}&s=${this.mac(verb, id, e)}`;
  }

  /** Why a request may not have the blob, or undefined when it may. */
  refuse(
    verb: BlobVerb,
    id: string,
    e: string | undefined,
    s: string | undefined,
    now: number,
  ): string | undefined {
    if (e === undefined || s === undefined || !/^\d+$/.test(e)) return 'missing signature';
    const expected = Buffer.from(this.mac(verb, id, e));
    const given = Buffer.from(s);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid signature';
    if (Number(e) < now) return 'signature expired';
    return undefined;
  }

  private mac(verb: BlobVerb, id: string, e: string): string {
    return createHmac('sha256', this.key).update(`${verb}\n${id}\n${e}`).digest('hex');
  }
}
