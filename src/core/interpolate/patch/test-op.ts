/**
 * `patch.TestOp`: checks the document without changing it. With `absent`, passes only when the path's own last
 * token is missing (a missing map key or array index reported for the full path); any other find error is
 * raised. Otherwise the found value must be deeply equal (types included) to `value`.
 */
import { deepEqual, type YamlValue } from '../../../base/yaml/value.js';
import { FindOp } from './find-op.js';
import type { Op } from './op.js';
import { OpMissingIndexError, OpMissingMapKeyError } from './op-errors.js';
import type { Pointer } from './pointer.js';

export class TestOp implements Op {
  constructor(
    readonly path: Pointer,
    readonly value: YamlValue,
    readonly absent = false,
  ) {}

  apply(doc: YamlValue): YamlValue {
    return this.absent ? this.checkAbsence(doc) : this.checkValue(doc);
  }

  private checkAbsence(doc: YamlValue): YamlValue {
    try {
      new FindOp(this.path).apply(doc);
    } catch (err) {
      const missing = err instanceof OpMissingIndexError || err instanceof OpMissingMapKeyError;
      if (missing && err.path.toString() === this.path.toString()) return doc;
      throw err;
    }
    throw new Error(`Expected to not find '${this.path.toString()}'`);
  }

  private checkValue(doc: YamlValue): YamlValue {
    const found = new FindOp(this.path).apply(doc);
    if (!deepEqual(found, this.value)) throw new Error('Found value does not match expected value');
    return doc;
  }
}
