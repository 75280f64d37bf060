import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { generateJob } from '../release/generator.js';
import { defineCommand } from './command.js';

/** `bosh generate-job NAME`: a job skeleton (spec, monit, templates/). */
export const generateJobCommand = defineCommand({
  name: 'generate-job',
  aliases: [],
  description: 'Generate job',
  goOptsType: 'GenerateJobOpts',
  options: dirOption,
  args: [{ name: 'NAME', description: 'Job name', required: true }],
  run: ({ options, args, deps }) => generateJob(releaseDirOf(options.dir, deps.cwd), String(args[0])),
});
