/**
 * `canaries` / `max_in_flight` as BOSH computes them (`NumericalValueCalculator`, `UpdateConfig`): an integer,
 * or `N%` of a size, rounded down and capped at the size. `max_in_flight` is at least 1; canaries may be 0.
 */
import { BoshError } from '../errors.js';

export type CountSetting = number | string;

const PERCENT = /^\d+%$/;
const INTEGER = /^[-+]?[0-9]+$/;

/** `NumericalValueCalculator.get_numerical_value`. */
export function numericalValue(value: CountSetting, size: number): number {
  const text = String(value);
  if (PERCENT.test(text)) return Math.min(Math.floor((parseInt(text, 10) * size) / 100), size);
  if (INTEGER.test(text)) return parseInt(text, 10);
  throw new BoshError('DirectorError', 'cannot be calculated');
}

/** Canaries among `size` changed instances: the value, never more than `size`. */
export const canariesFor = (value: CountSetting, size: number): number =>
  Math.min(numericalValue(value, size), size);

/** `UpdateConfig#max_in_flight(size)`: the value, at least 1. */
export const maxInFlightFor = (value: CountSetting, size: number): number =>
  Math.max(numericalValue(value, size), 1);

/** `PlannerFactory#validate_and_get_argument` for the `--canaries` / `--max-in-flight` deploy options. */
export function validateCountOption(value: string | undefined, type: 'canaries' | 'max_in_flight'): void {
  if (value === undefined || PERCENT.test(value) || INTEGER.test(value)) return;
  throw new BoshError('DirectorError', `${type} value should be integer or percent`);
}
