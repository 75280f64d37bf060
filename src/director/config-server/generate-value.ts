import { randomInt } from 'node:crypto';
import type { YamlMap, YamlValue } from '../../base/yaml/value.js';
import type { CredentialGenerator, VariableLookup } from '../../ports/credential-generator.js';
import { formatGoScalarText } from '../../core/interpolate/scalar-text.js';
import { ConfigServerError } from './names.js';

/** Password length when `length` is not given (the director's config server; bosh-cli's own default is 20). */
export const DEFAULT_PASSWORD_LENGTH = 30;
/** Length of a generated `user` username (CredHub's). */
const USERNAME_LENGTH = 20;

/**
 * A new value of `type`: password, certificate, ssh and rsa through the credential generator; `user` here
 * (`{username, password}`; options `username` to fix it, `length` for the password). `lookup` finds a
 * certificate's CA by its absolute name.
 */
export async function generateValue(
  generator: CredentialGenerator,
  type: string,
  options: YamlValue,
  lookup: VariableLookup,
): Promise<YamlValue> {
  switch (type) {
    case 'password':
      return generator.generate('password', withDefaultLength(options), lookup);
    case 'user':
      return generateUser(generator, options, lookup);
    case 'certificate':
    case 'ssh':
    case 'rsa':
      return generator.generate(type, options, lookup);
    default:
      throw new ConfigServerError(`Unsupported value type: ${type}`);
  }
}

function withDefaultLength(options: YamlValue): YamlValue {
  if (options === null) return new Map([['length', DEFAULT_PASSWORD_LENGTH]]);
  if (!(options instanceof Map) || options.has('length')) return options;
  return new Map([...options, ['length', DEFAULT_PASSWORD_LENGTH]]);
}

async function generateUser(
  generator: CredentialGenerator,
  options: YamlValue,
  lookup: VariableLookup,
): Promise<YamlMap> {
  if (options !== null && !(options instanceof Map)) {
    throw new ConfigServerError('Failed to generate user, parameters are invalid: expected a hash');
  }
  const passwordOptions: YamlMap = new Map();
  let username: string | undefined;
  for (const [key, value] of options ?? []) {
    if (key === 'username') {
      if (typeof value !== 'string' || value === '') {
        throw new ConfigServerError("Failed to generate user, 'username' must be a non-empty string");
      }
      username = value;
    } else if (key === 'length') {
      passwordOptions.set(key, value);
    } else {
      throw new ConfigServerError(`Unsupported parameter '${formatGoScalarText(key)}'`);
    }
  }
  const password = await generator.generate('password', withDefaultLength(passwordOptions), lookup);
  return new Map<string, YamlValue>([
    ['username', username ?? randomLetters(USERNAME_LENGTH)],
    ['password', password],
  ]);
}

function randomLetters(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += letters.charAt(randomInt(letters.length));
  return out;
}
