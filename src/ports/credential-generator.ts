import type { YamlValue } from '../base/yaml/value.js';

/** Looks a variable up by name through the same variable sources interpolation uses (static vars, then store). */
export type VariableLookup = (name: string) => Promise<{ found: boolean; value: YamlValue }>;

/**
 * Generates credential values for `variables:` definitions, as bosh-cli's vendored config-server generators do.
 * Lives behind a port because it needs randomness and crypto; the interpolation core stays pure.
 */
export interface CredentialGenerator {
  /**
   * `type` is the definition's type (`password`, `certificate`, `ssh`, `rsa`), `options` its interpolated options
   * (null when absent). Certificates load their CA through `lookup`. Errors carry bosh-cli's messages.
   */
  generate(type: string, options: YamlValue, lookup: VariableLookup): Promise<YamlValue>;

  /**
   * Optional hint: the types of the values about to be generated, in order (only those that will really be
   * generated). Lets slow parts such as RSA keys start early and in parallel; `generate` stays in order. A new
   * call replaces the previous plan; an empty list abandons work not yet started (call it when a run ends early).
   */
  prepare?(types: readonly string[]): void;
}
