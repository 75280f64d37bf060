/**
 * Error shapes of bosh-cli (bosherr): a wrapped error prints as `context:` with its cause indented two spaces
 * below it, and a multi-error prints as `- ` bullets. `renderMultilineError` reproduces ui/fmt MultilineError.
 */

/** `bosherr.WrapError(cause, message)`: context on top of a cause. */
export class WrappedError extends Error {
  constructor(
    message: string,
    readonly wrapped: Error,
  ) {
    super(message);
    this.name = 'WrappedError';
  }
}

/** `bosherr.NewMultiError(errs...)`: several independent errors reported together. */
export class MultiError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'MultiError';
  }
}

/** Wraps `cause` with `message`, as bosherr.WrapError does. Non-Error causes become plain errors. */
export function wrapError(cause: unknown, message: string): WrappedError {
  return new WrappedError(message, toError(cause));
}

export function toError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error(String(cause));
}

/** The one-line form Go's `err.Error()` gives: `context: cause`. */
export function errorChainMessage(err: Error): string {
  if (err instanceof WrappedError) return `${err.message}: ${errorChainMessage(err.wrapped)}`;
  if (err instanceof MultiError) return err.errors.map(errorChainMessage).join(', ');
  return err.message;
}

/** The multi-line form bosh-cli prints at the end of a failed command. */
export function renderMultilineError(err: Error, indent = ''): string {
  if (err instanceof WrappedError) {
    return `${indent}${err.message}:\n${renderMultilineError(err.wrapped, indent + '  ')}`;
  }
  if (err instanceof MultiError) {
    return err.errors
      .map((item) => {
        const rendered = renderMultilineError(item, indent + '  ');
        return indent + '- ' + rendered.slice(indent.length + 2);
      })
      .join('\n');
  }
  // bosh-cli prefixes the error, not each line of its message (go-yaml's multi-line errors keep their own indent).
  return indent + err.message;
}
