import type { CpiError, CpiErrorType, CpiResponse } from '../../protocol/cpi.js';

/** An error the CPI reports to its caller as `{type, message, ok_to_retry}`. */
export class CpiFault extends Error {
  constructor(
    readonly type: CpiErrorType,
    message: string,
    readonly okToRetry = false,
  ) {
    super(message);
    this.name = 'CpiFault';
  }

  toWire(): CpiError {
    return { type: this.type, message: this.message, ok_to_retry: this.okToRetry };
  }
}

export const cloudError = (message: string): CpiFault => new CpiFault('Bosh::Clouds::CloudError', message);
export const vmNotFound = (vmCid: string): CpiFault =>
  new CpiFault('Bosh::Clouds::VMNotFound', `VM '${vmCid}' not found`);
export const diskNotFound = (diskCid: string): CpiFault =>
  new CpiFault('Bosh::Clouds::DiskNotFound', `Disk '${diskCid}' not found`);
export const diskNotAttached = (diskCid: string, vmCid: string): CpiFault =>
  new CpiFault('Bosh::Clouds::DiskNotAttached', `Disk '${diskCid}' not attached to VM '${vmCid}'`);
export const vmCreationFailed = (message: string): CpiFault =>
  new CpiFault('Bosh::Clouds::VMCreationFailed', message);
/** bosh-cpi-ruby's answer to an `ArgumentError`. */
export const badArguments = (details: string): CpiFault =>
  new CpiFault('InvalidCall', `Arguments are not correct, details: '${details}'`);

/** Any error as the wire error: faults keep their type; everything else is a CloudError. */
export function toCpiError(err: unknown): CpiError {
  if (err instanceof CpiFault) return err.toWire();
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'Bosh::Clouds::CloudError', message, ok_to_retry: false };
}

/** The one line the CPI prints: keys in BOSH's order `result`, `error`, `log`. */
export function renderResponse(response: CpiResponse): string {
  return JSON.stringify({ result: response.result ?? null, error: response.error, log: response.log });
}
