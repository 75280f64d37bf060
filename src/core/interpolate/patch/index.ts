/**
 * go-patch v0.2.0 (as vendored by bosh-cli 7.9.13): pointers, the replace/remove/test/find operations and ops
 * files. Pure: no I/O. Ops change documents in place and return the result.
 */
export type {
  AfterLastIndexToken,
  IndexToken,
  KeyToken,
  MatchingIndexToken,
  Modifier,
  RootToken,
  Token,
} from './tokens.js';
export { Pointer, parsePointer } from './pointer.js';
export type { Op } from './op.js';
export { applyOps, OpList } from './op.js';
export { ReplaceOp } from './replace-op.js';
export { RemoveOp } from './remove-op.js';
export { FindOp } from './find-op.js';
export { TestOp } from './test-op.js';
export { DescriptiveOp } from './descriptive-op.js';
export {
  OpMismatchTypeError,
  OpMissingIndexError,
  OpMissingMapKeyError,
  OpMultipleMatchingIndexError,
  OpUnexpectedTokenError,
} from './op-errors.js';
export type { OpDefinition } from './op-definition.js';
export { formatOpDefinition } from './op-definition.js';
export type { LocateNode, NodeLocation } from './op-definition-decode.js';
export { decodeOpDefinitions } from './op-definition-decode.js';
export { newOpsFromDefinitions, opsFromDefinitions } from './op-definitions.js';
export { cloneThroughYaml } from './yaml-round-trip.js';
