import { text, value } from '../flags/option.js';
import { dirOption, releaseDirOf } from '../release/dir-option.js';
import { vendorPackage } from '../release/vendor-package.js';
import { defineCommand } from './command.js';

/** `bosh vendor-package PACKAGE SRC-DIR`: vendor a package (and its dependencies) from another release. */
export const vendorPackageCommand = defineCommand({
  name: 'vendor-package',
  aliases: [],
  description: 'Vendor package',
  goOptsType: 'VendorPackageOpts',
  options: {
    ...dirOption,
    prefix: value(
      { long: 'prefix', description: 'Prefix to add to the package name', defaultText: '' },
      text,
    ),
  },
  args: [
    { name: 'PACKAGE', description: 'Package name', required: true },
    { name: 'SRC-DIR', description: 'Path to source release directory', required: true },
  ],
  parseArg: (i, raw, ctx) => Promise.resolve(i === 1 ? ctx.fs.expandPath(raw) : raw),
  async run({ ui, options: o, args, deps }) {
    const tools = await deps.releaseTools();
    await vendorPackage(
      String(args[0]),
      String(args[1]),
      releaseDirOf(o.dir, deps.cwd),
      o.prefix ?? '',
      tools,
      ui,
    );
  },
});
