import { FindOp } from '../../core/interpolate/patch/find-op.js';
import { parsePointer } from '../../core/interpolate/patch/pointer.js';
import { evaluateWithFlags } from '../evaluate-flags.js';
import { flag, value } from '../flags/option.js';
import { opsFlags } from '../ops-flags.js';
import { varFlags } from '../var-flags.js';
import { defineCommand } from './command.js';
import { readManifestArg } from './manifest-arg.js';

const options = {
  ...varFlags,
  ...opsFlags,
  path: value(
    {
      long: 'path',
      valueName: 'OP-PATH',
      description: 'Extract value out of template (e.g.: /private_key)',
      goType: 'patch.Pointer',
    },
    (raw) => parsePointer(raw),
  ),
  varErrors: flag({ long: 'var-errs', description: 'Expect all variables to be found, otherwise error' }),
  varErrorsUnused: flag({
    long: 'var-errs-unused',
    description: 'Expect all variables to be used, otherwise error',
  }),
};

/** `bosh interpolate PATH`: ops files, then variables (with a vars store that generates credentials), then YAML. */
export const interpolateCommand = defineCommand({
  name: 'interpolate',
  aliases: ['int'],
  description: 'Interpolates variables into a manifest',
  goOptsType: 'InterpolateOpts',
  options,
  args: [{ name: 'PATH', description: 'Path to a template that will be interpolated', required: true }],
  parseArg: (_index, raw, ctx) => readManifestArg(raw, ctx),
  async run({ ui, options: o, args, deps }) {
    const manifest = args[0];
    if (typeof manifest !== 'string') throw new Error('Expected a manifest');
    const output = await evaluateWithFlags(manifest, o, deps, {
      expectAllKeys: o.varErrors,
      expectAllVarsUsed: o.varErrorsUnused,
      ...(o.path !== undefined ? { postVarSubstitutionOp: new FindOp(o.path) } : {}),
    });
    ui.printBlock(output);
  },
});
