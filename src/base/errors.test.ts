import { describe, expect, it } from 'vitest';
import { errorChainMessage, MultiError, renderMultilineError, wrapError } from './errors.js';

describe('bosh error rendering', () => {
  const chain = wrapError(
    wrapError(
      wrapError(new Error("Expected to find variable 'late_ca' with a certificate"), 'Loading certificates'),
      "Generating variable 'leaf'",
    ),
    'Getting all variables from variable definitions sections',
  );

  it('renders wrapped errors as an indented tree', () => {
    expect(renderMultilineError(chain)).toBe(
      'Getting all variables from variable definitions sections:\n' +
        "  Generating variable 'leaf':\n" +
        '    Loading certificates:\n' +
        "      Expected to find variable 'late_ca' with a certificate",
    );
  });

  it('renders multi-errors as bullets, nested under their context', () => {
    const err = new MultiError([
      wrapError(new MultiError([new Error('three'), new Error('two')]), 'Expected to find variables'),
      wrapError(new MultiError([new Error('extra')]), 'Expected to use variables'),
    ]);
    expect(renderMultilineError(err)).toBe(
      '- Expected to find variables:\n    - three\n    - two\n- Expected to use variables:\n    - extra',
    );
  });

  it('flattens a chain into one line the way Go err.Error() does', () => {
    expect(
      errorChainMessage(wrapError(new Error('open x: no such file or directory'), 'Opening file x')),
    ).toBe('Opening file x: open x: no such file or directory');
  });
});
