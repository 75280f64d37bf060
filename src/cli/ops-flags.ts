import { wrapError } from '../base/errors.js';
import { parseYaml } from '../base/yaml/parse.js';
import type { Op } from '../core/interpolate/patch/op.js';
import { opsFromDefinitions } from '../core/interpolate/patch/op-definitions.js';
import { list, type ParseContext, type ParsedOptions } from './flags/option.js';

/** bosh-cli's OpsFlags: `-o` files are read and built into ops when the flag is parsed. */
export const opsFlags = {
  opsFiles: list(
    {
      long: 'ops-file',
      short: 'o',
      valueName: 'PATH',
      description: 'Load manifest operations from a YAML file',
      goType: '[]opts.OpsFileArg',
    },
    readOpsFile,
  ),
};

export type OpsFlags = ParsedOptions<typeof opsFlags>;

async function readOpsFile(path: string, ctx: ParseContext): Promise<Op[]> {
  if (path === '') throw new Error('Expected file path to be non-empty');
  let bytes: Uint8Array;
  try {
    bytes = await ctx.fs.readFile(path);
  } catch (e) {
    throw wrapError(e, `Reading ops file '${path}'`);
  }
  let doc;
  try {
    doc = parseYaml(new TextDecoder().decode(bytes));
  } catch (e) {
    throw wrapError(e, `Deserializing ops file '${path}'`);
  }
  return opsFromDefinitions(doc, path);
}

export function allOps(flags: OpsFlags): Op[] {
  return flags.opsFiles.flat();
}
