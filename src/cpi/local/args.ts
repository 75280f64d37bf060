import { decodeCpiNetworks, isRecord, type CpiNetwork } from '../../protocol/cpi.js';
import { badArguments } from './response.js';

/**
 * Positional CPI arguments, checked as a Ruby CPI's method signature would: a wrong count or type is an
 * `InvalidCall` "Arguments are not correct" error naming the argument.
 */
export class Args {
  constructor(private readonly values: readonly unknown[]) {}

  /** Fails unless `min..max` arguments were given (Ruby's ArgumentError text). */
  arity(min: number, max = min): this {
    const given = this.values.length;
    if (given < min || given > max) {
      const expected = min === max ? `${min}` : `${min}..${max}`;
      throw badArguments(`wrong number of arguments (given ${given}, expected ${expected})`);
    }
    return this;
  }

  string(index: number, name: string): string {
    const value = this.values[index];
    if (typeof value !== 'string' || value === '') throw this.wrong(name, 'a non-empty String', value);
    return value;
  }

  /** A string or null/absent (e.g. create_disk's VM locality). */
  optionalString(index: number, name: string): string | null {
    const value = this.values[index];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.wrong(name, 'a String or null', value);
    return value;
  }

  integer(index: number, name: string): number {
    const value = this.values[index];
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.wrong(name, 'an Integer', value);
    return value;
  }

  /** A hash; null/absent reads as `{}` as CPIs treat missing cloud properties and metadata. */
  hash(index: number, name: string): Record<string, unknown> {
    const value = this.values[index];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) throw this.wrong(name, 'a Hash', value);
    return value;
  }

  stringList(index: number, name: string): string[] {
    const value = this.values[index];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      throw this.wrong(name, 'an Array of Strings', value);
    }
    return value;
  }

  networks(index: number, name: string): Readonly<Record<string, CpiNetwork>> {
    const decoded = decodeCpiNetworks(this.values[index] ?? {});
    if (!decoded.ok) throw badArguments(`${name}: ${decoded.error.message}`);
    return decoded.value;
  }

  private wrong(name: string, expected: string, value: unknown) {
    return badArguments(
      `${name} must be ${expected}, got: ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
    );
  }
}
