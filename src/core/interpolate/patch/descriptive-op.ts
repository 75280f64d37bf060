/**
 * `patch.DescriptiveOp`: prefixes any failure of the wrapped op with its description. bosh-cli describes op `i`
 * of an ops file as `operation [i] in <file> failed`, giving `Error 'operation [i] in <file> failed': <cause>`.
 */
import type { YamlValue } from '../../../base/yaml/value.js';
import { errorChainMessage, toError } from '../../../base/errors.js';
import type { Op } from './op.js';

export class DescriptiveOp implements Op {
  constructor(
    readonly op: Op,
    readonly errorMsg: string,
  ) {}

  apply(doc: YamlValue): YamlValue {
    try {
      return this.op.apply(doc);
    } catch (cause) {
      throw new Error(`Error '${this.errorMsg}': ${errorChainMessage(toError(cause))}`, { cause });
    }
  }
}
