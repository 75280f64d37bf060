import type { YamlValue } from '../../base/yaml/value.js';
import type { CredentialGenerator, VariableLookup } from '../../ports/credential-generator.js';

/**
 * Loads the generators (DER, key pool, prime tables) only when a value is first generated: most `bosh int` runs
 * generate nothing, and the CLI's start-up time is a large part of their cost.
 */
export class LazyCredentialGenerator implements CredentialGenerator {
  private loaded: Promise<CredentialGenerator> | undefined;

  private load(): Promise<CredentialGenerator> {
    this.loaded ??= import('./index.js').then((m) => new m.NodeCredentialGenerator());
    return this.loaded;
  }

  async generate(type: string, options: YamlValue, lookup: VariableLookup): Promise<YamlValue> {
    return (await this.load()).generate(type, options, lookup);
  }

  prepare(types: readonly string[]): void {
    if (types.length === 0 && this.loaded === undefined) return;
    void this.load().then((g) => g.prepare?.(types));
  }
}
