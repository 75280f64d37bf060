import type { YamlValue } from '../../base/yaml/value.js';
import type { CredentialGenerator, VariableLookup } from '../../ports/credential-generator.js';
import { CERTIFICATE_KEY_BITS, generateCertificate } from './certificate.js';
import { RsaKeyPool } from './key-pool.js';
import { KEY_PAIR_BITS, generatePassword, rsaValue, sshValue } from './key-values.js';

/** RSA key size each value type needs; types not listed need no key. */
const KEY_BITS: Readonly<Record<string, number>> = {
  certificate: CERTIFICATE_KEY_BITS,
  rsa: KEY_PAIR_BITS,
  ssh: KEY_PAIR_BITS,
};

export interface NodeCredentialGeneratorOptions {
  /** Where RSA keys come from; tests share one pool or give a small one. */
  readonly keys?: RsaKeyPool;
  /** Milliseconds since the epoch; a certificate's notBefore. */
  readonly nowMs?: () => number;
}

/**
 * bosh-cli's generators (config-server `types`) on node:crypto. Values are produced one at a time, in the order
 * asked; the RSA keys they need are generated ahead and in parallel (libuv's thread pool plus the main thread, see
 * key-pool.ts): exactly those announced by `prepare`, or without it one spare once a size is asked for twice.
 */
export class NodeCredentialGenerator implements CredentialGenerator {
  private readonly keys: RsaKeyPool;
  private readonly nowMs: () => number;

  constructor(options: NodeCredentialGeneratorOptions = {}) {
    this.keys = options.keys ?? new RsaKeyPool();
    this.nowMs = options.nowMs ?? Date.now;
  }

  prepare(types: readonly string[]): void {
    this.keys.expect(types.flatMap((t) => (Object.hasOwn(KEY_BITS, t) ? [KEY_BITS[t] ?? 0] : [])));
  }

  async generate(type: string, options: YamlValue, lookup: VariableLookup): Promise<YamlValue> {
    switch (type) {
      case 'password':
        return generatePassword(options);
      case 'rsa':
        return rsaValue(await this.keys.take(KEY_PAIR_BITS));
      case 'ssh':
        return sshValue(await this.keys.take(KEY_PAIR_BITS));
      case 'certificate':
        return generateCertificate(options, lookup, {
          takeKey: (bits) => this.keys.take(bits),
          nowMs: this.nowMs,
        });
      default:
        throw new Error(`Unsupported value type: ${type}`);
    }
  }
}
