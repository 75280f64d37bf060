import { describe, expect, it } from 'vitest';
import { BoshError } from '../../core/errors.js';
import { checkedResult } from './errand-runner.js';

const failure = (value: unknown): string => {
  try {
    checkedResult(value);
  } catch (e) {
    if (e instanceof BoshError && e.kind === 'AgentInvalidTaskResult') return e.message;
    throw e;
  }
  throw new Error('expected AgentInvalidTaskResult');
};

describe("the agent's run_errand result", () => {
  it('is taken when it has an integer exit code and string outputs', () => {
    expect(checkedResult({ exit_code: 2, stdout: 'o', stderr: 'e', extra: true })).toEqual({
      exit_code: 2,
      stdout: 'o',
      stderr: 'e',
    });
  });

  it("is refused in Membrane's words otherwise", () => {
    expect(failure({ exit_code: '0', stdout: 'o', stderr: 'e' })).toBe(
      '{ exit_code => Expected instance of Integer, given an instance of String }',
    );
    expect(failure({ exit_code: 1.5, stdout: null })).toBe(
      '{ exit_code => Expected instance of Integer, given an instance of Float, ' +
        'stdout => Expected instance of String, given an instance of NilClass, stderr => Missing key }',
    );
    expect(failure(null)).toBe('{ exit_code => Missing key, stdout => Missing key, stderr => Missing key }');
  });
});
