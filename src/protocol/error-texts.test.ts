import { describe, expect, it } from 'vitest';
import { extractArguments } from './agent.js';

function failureText(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected a failure');
}

describe('agent protocol error texts', () => {
  it('rejects request arguments that are not a list', () => {
    expect(failureText(() => extractArguments({ blob_id: 'x' }))).toBe(
      'Unmarshalling payload arguments to interface{} types: json: cannot unmarshal object into Go struct field payloadType.arguments of type []interface {}',
    );
    expect(failureText(() => extractArguments('x'))).toBe(
      'Unmarshalling payload arguments to interface{} types: json: cannot unmarshal string into Go struct field payloadType.arguments of type []interface {}',
    );
  });
});
