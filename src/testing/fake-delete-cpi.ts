/**
 * The CPI of tests that delete VMs and disks (clean-up, delete-deployment, instance updates): each call recorded as
 * `<method> <cid>`, failing with the error set for the cid.
 */
import type { CompileCpi } from '../director/compile/types.js';

/** A CPI error of `type` (`Bosh::Clouds::VMNotFound`), as the external CPI client raises it. */
export const cpiError = (type: string, message: string): Error => Object.assign(new Error(message), { type });

/** Calls recorded as `<method> <cid>` (the first argument); `errors` by cid, thrown by any method or `only` one. */
export class FakeDeleteCpi implements CompileCpi {
  readonly calls: string[] = [];
  readonly errors = new Map<string, Error>();

  constructor(private readonly only?: string) {}

  call(method: string, args: readonly unknown[]): Promise<unknown> {
    const cid = String(args[0]);
    this.calls.push(`${method} ${cid}`);
    const error = this.only === undefined || this.only === method ? this.errors.get(cid) : undefined;
    return error === undefined ? Promise.resolve(null) : Promise.reject(error);
  }
}
