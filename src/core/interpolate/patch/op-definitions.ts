/**
 * Building ops from definitions (`patch/op_definition.go` `NewOpsFromDefinitions`) and from a decoded ops file
 * the way bosh-cli's `-o` flag does (`cmd/opts/ops_file_arg.go`).
 */
import { wrapError } from '../../../base/errors.js';
import type { YamlValue } from '../../../base/yaml/value.js';
import { DescriptiveOp } from './descriptive-op.js';
import type { Op } from './op.js';
import { decodeOpDefinitions, type LocateNode } from './op-definition-decode.js';
import { formatOpDefinition, type OpDefinition } from './op-definition.js';
import { parsePointer, type Pointer } from './pointer.js';
import { RemoveOp } from './remove-op.js';
import { ReplaceOp } from './replace-op.js';
import { TestOp } from './test-op.js';

/**
 * `patch.NewOpsFromDefinitions`. Throws go-patch's message for the first bad definition, e.g.
 * `Replace operation [0]: Missing value within\n{...}`. Definitions with `error` become `DescriptiveOp`s.
 */
export function newOpsFromDefinitions(defs: readonly OpDefinition[]): Op[] {
  return defs.map((def, i) => {
    const within = (): string => ` within\n${formatOpDefinition(def)}`;
    const build = (label: string, make: () => Op): Op => {
      try {
        return make();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`${label} operation [${i}]: ${msg}${within()}`, { cause: err });
      }
    };
    let op: Op;
    switch (def.type) {
      case 'replace':
        op = build('Replace', () => newReplaceOp(def));
        break;
      case 'remove':
        op = build('Remove', () => newRemoveOp(def));
        break;
      case 'test':
        op = build('Test', () => newTestOp(def));
        break;
      default:
        throw new Error(`Unknown operation [${i}] with type '${def.type}'${within()}`);
    }
    return def.error === undefined ? op : new DescriptiveOp(op, def.error);
  });
}

/**
 * What bosh-cli does with one `-o <source>` file once it is parsed: decode the entries, describe entry `i` as
 * `operation [i] in <source> failed` (indexes restart in every file), build the ops. Failures are wrapped like
 * bosh-cli wraps them, `Deserializing ops file '<source>'` or `Building ops`; `errorChainMessage` gives the flat
 * text the CLI prints after ``invalid argument for flag `-o, --ops-file' (expected []opts.OpsFileArg): ``.
 */
export function opsFromDefinitions(doc: YamlValue, source: string, locate?: LocateNode): Op[] {
  let defs: OpDefinition[];
  try {
    defs = decodeOpDefinitions(doc, locate);
  } catch (err) {
    throw wrapError(err, `Deserializing ops file '${source}'`);
  }
  const described = defs.map((def, i) => ({ ...def, error: `operation [${i}] in ${source} failed` }));
  try {
    return newOpsFromDefinitions(described);
  } catch (err) {
    throw wrapError(err, 'Building ops');
  }
}

function requirePath(def: OpDefinition): string {
  if (def.path === undefined) throw new Error('Missing path');
  return def.path;
}

function pointerOf(path: string): Pointer {
  try {
    return parsePointer(path);
  } catch (err) {
    throw new Error(`Invalid path: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function newReplaceOp(def: OpDefinition): ReplaceOp {
  const path = requirePath(def);
  if (def.value === undefined) throw new Error('Missing value');
  return new ReplaceOp(pointerOf(path), def.value);
}

function newRemoveOp(def: OpDefinition): RemoveOp {
  const path = requirePath(def);
  if (def.value !== undefined) throw new Error('Cannot specify value');
  return new RemoveOp(pointerOf(path));
}

function newTestOp(def: OpDefinition): TestOp {
  const path = requirePath(def);
  if (def.value === undefined && def.absent === undefined) throw new Error('Missing value or absent');
  return new TestOp(pointerOf(path), def.value ?? null, def.absent ?? false);
}
