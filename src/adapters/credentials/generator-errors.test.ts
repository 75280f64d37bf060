import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorChainMessage, renderMultilineError, wrapError } from '../../base/errors.js';
import { GoFloat, mapOf, type YamlValue } from '../../base/yaml/value.js';
import type { VariableLookup } from '../../ports/credential-generator.js';
import { NodeCredentialGenerator } from './index.js';

/** The errors of the generators and of their parameters, with bosh-cli's exact text (CA loading: ca-loading). */

const EXPECTED = resolve(import.meta.dirname, '../../../../shared/conformance/interpolate/expected');
const generator = new NodeCredentialGenerator();
const store = new Map<string, YamlValue>();
const lookup: VariableLookup = (n) => Promise.resolve({ found: store.has(n), value: store.get(n) ?? null });

/** The message chain of a failed generation, as the CLI prints it once the engine has added its context. */
async function failure(type: string, options: YamlValue, name = 'x'): Promise<string> {
  try {
    await generator.generate(type, options, lookup);
  } catch (e) {
    const wrapped = wrapError(
      wrapError(e, `Generating variable '${name}'`),
      'Getting all variables from variable definitions sections',
    );
    return renderMultilineError(wrapped) + '\n';
  }
  throw new Error('expected a failure');
}

async function chain(type: string, options: YamlValue): Promise<string> {
  try {
    await generator.generate(type, options, lookup);
  } catch (e) {
    return errorChainMessage(e as Error);
  }
  throw new Error('expected a failure');
}

const expectedErr = (name: string) =>
  readFileSync(`${EXPECTED}/${name}.err`, 'utf8').replace(/Exit code 1\n$/, '');
const leaf = (extra: Record<string, YamlValue>) => mapOf({ common_name: 'leaf', ca: 'ca', ...extra });

beforeAll(async () => {
  store.set('ca', await generator.generate('certificate', mapOf({ common_name: 'ca', is_ca: true }), lookup));
});

describe('errors matching the reference CLI output files', () => {
  it('unsupported value type', async () => {
    expect(await failure('value', null, 'v')).toBe(expectedErr('own-store-unsupported-type-error'));
  });
  it('certificate without a CA that is not a CA itself', async () => {
    expect(await failure('certificate', mapOf({ common_name: 'leaf' }), 'leaf')).toBe(
      expectedErr('own-store-missing-ca-error'),
    );
  });
  it('CA not (yet) in any variable source', async () => {
    const options = mapOf({ ca: 'late_ca', common_name: 'leaf' });
    expect(await failure('certificate', options, 'leaf')).toBe(expectedErr('own-store-ca-order-error'));
  });
  it('unsupported certificate parameter', async () => {
    const options = mapOf({ is_ca: true, common_name: 'ca', key_usage: ['key_cert_sign'] });
    expect(await failure('certificate', options, 'ca')).toBe(
      expectedErr('own-store-unsupported-param-error'),
    );
  });
});

describe('parameter errors', () => {
  it.each([
    ['password', mapOf({ length: -1 }), "Failed to generate password, 'length' param cannot be negative"],
    [
      'password',
      mapOf({ size: 3 }),
      "Failed to generate password, parameters are invalid: Unsupported parameter 'size'",
    ],
    [
      'password',
      new Map([[null, 1]]),
      "Failed to generate password, parameters are invalid: Unsupported parameter ''",
    ],
    [
      'certificate',
      mapOf({ organizations: ['a'] }),
      "Failed to generate certificate, parameters are invalid: Unsupported parameter 'organizations'",
    ],
    [
      'password',
      mapOf({ length: '20' }),
      'Failed to generate password, parameters are invalid: Expected input to be deserializable: ' +
        'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `20` into int',
    ],
    [
      'password',
      'twenty',
      'Failed to generate password, parameters are invalid: Expected input to be deserializable: ' +
        'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `twenty` into map[string]interface {}',
    ],
    [
      'certificate',
      [1],
      'Failed to generate certificate, parameters are invalid: Expected input to be deserializable: ' +
        'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface {}',
    ],
    [
      'certificate',
      mapOf({
        is_ca: 'certainly-true',
        common_name: mapOf({ a: 1 }),
        alternative_names: ['a', 'b'],
        duration: new GoFloat(1e20),
      }),
      'Failed to generate certificate, parameters are invalid: Expected input to be deserializable: ' +
        // Block collections start on the line after their key: alternative_names' items are lines 2-3.
        'yaml: unmarshal errors:\n  line 5: cannot unmarshal !!map into string\n' +
        '  line 6: cannot unmarshal !!float `1e+20` into int64\n  line 7: cannot unmarshal !!str `certain...` into bool',
    ],
    [
      'certificate',
      mapOf({ alternative_names: 'a.b', extended_key_usage: [['x'], true] }),
      'Failed to generate certificate, parameters are invalid: Expected input to be deserializable: ' +
        'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `a.b` into []string\n' +
        '  line 3: cannot unmarshal !!seq into string',
    ],
  ])('%s %o', async (type, options, message) => {
    expect(await chain(type, options)).toBe(message);
  });

  it('reports an unknown extended key usage once the CA is loaded', async () => {
    expect(await chain('certificate', leaf({ extended_key_usage: ['server_auth', 'constructor'] }))).toBe(
      'Unsupported extended key usage value: constructor',
    );
    expect(await chain('certificate', mapOf({ ca: 'nope', extended_key_usage: ['code_signing'] }))).toBe(
      "Loading certificates: Expected to find variable 'nope' with a certificate",
    );
  });

  it('rejects DNS names that are not ASCII', async () => {
    expect(await chain('certificate', leaf({ alternative_names: ['bücher.example', 'tab\there'] }))).toBe(
      'Generating certificate: x509: "bücher.example" cannot be encoded as an IA5String',
    );
  });

  it('ignores the options of rsa and ssh, and of CA-only fields on CAs', async () => {
    await expect(generator.generate('rsa', 'anything', lookup)).resolves.toBeInstanceOf(Map);
    const ca = mapOf({ is_ca: true, extended_key_usage: ['code_signing'], duration: new GoFloat(2) });
    await expect(generator.generate('certificate', ca, lookup)).resolves.toBeInstanceOf(Map);
  });
});
