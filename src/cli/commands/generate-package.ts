import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { generatePackage } from '../release/generator.js';
import { defineCommand } from './command.js';

/** `bosh generate-package NAME`: a package skeleton (spec, packaging). */
export const generatePackageCommand = defineCommand({
  name: 'generate-package',
  aliases: [],
  description: 'Generate package',
  goOptsType: 'GeneratePackageOpts',
  options: dirOption,
  args: [{ name: 'NAME', description: 'Package name', required: true }],
  run: ({ options, args, deps }) => generatePackage(releaseDirOf(options.dir, deps.cwd), String(args[0])),
});
