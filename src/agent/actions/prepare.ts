import { wrapError } from '../../base/errors.js';
import { type ApplySpec } from '../../protocol/agent.js';
import { decodeApplySpec } from '../spec/apply-spec-codec.js';
import type { Applier } from '../applier/applier.js';
import { checkSpecDigests } from '../applier/spec-jobs.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';

/** The apply spec argument, refused as the agent's JSON decoding refuses it (digests included). */
export function applySpecArg(v: unknown): ApplySpec {
  const spec = decodeApplySpec(v);
  checkSpecDigests(spec);
  return spec;
}

/** `prepare [spec]` (task) → `"prepared"`: downloads and installs the jobs and packages without enabling them. */
export const prepare = (applier: Applier): AgentAction =>
  asyncAction(async (args) => {
    const spec = decodeArg(methodArgs(args, 1)[0], applySpecArg);
    try {
      await applier.prepare(spec);
    } catch (e) {
      throw wrapError(e, 'Preparing apply spec');
    }
    return 'prepared';
  });
