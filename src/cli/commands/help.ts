import { renderHelp } from '../flags/help.js';
import { globalOptions } from '../global-options.js';
import { defineCommand } from './command.js';
import { commands } from './registry.js';

/** `bosh help [COMMAND]`: the full help, or (kinder than bosh-cli, which rejects the argument) one command's. */
export const helpCommand = defineCommand({
  name: 'help',
  aliases: [],
  description: 'Show this help message',
  goOptsType: 'HelpOpts',
  options: {},
  args: [{ name: 'COMMAND', description: 'Command to show help for', required: false }],
  run({ ui, args }) {
    const name = args[0];
    const command = commands.find((c) => c.name === name || c.aliases.includes(String(name)));
    ui.printBlock(renderHelp(globalOptions, commands, command));
    return Promise.resolve();
  },
});
