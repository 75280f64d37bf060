import { BOSH_ERRORS } from './bosh-error-codes.js';

export type BoshErrorKind = keyof typeof BOSH_ERRORS;

/**
 * A director error as BOSH raises it: a kind with its code and HTTP status, and a message users see verbatim.
 * Anything else that escapes a task or request is BOSH's generic DirectorError (code 100, HTTP 500).
 */
export class BoshError extends Error {
  override readonly name = 'BoshError';
  readonly code: number;
  readonly httpStatus: number;

  constructor(
    readonly kind: BoshErrorKind | 'DirectorError',
    message: string,
  ) {
    super(message);
    [this.code, this.httpStatus] = kind === 'DirectorError' ? [100, 500] : BOSH_ERRORS[kind];
  }
}

export const boshError = (kind: BoshErrorKind, message: string): BoshError => new BoshError(kind, message);

/** `DirectorError.create_from_exception`: a BoshError as is, anything else as a DirectorError with its message. */
export function asBoshError(e: unknown): BoshError {
  if (e instanceof BoshError) return e;
  return new BoshError('DirectorError', e instanceof Error ? e.message : String(e));
}

/** The task's cancellation (its checkpoint's `TaskCancelled`): what a step that rescues its failures lets through. */
export function isTaskCancelled(e: unknown): boolean {
  return e instanceof BoshError && e.kind === 'TaskCancelled';
}
