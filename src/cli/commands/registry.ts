import type { Command } from './command.js';
import { helpCommand } from './help.js';
import { interpolateCommand } from './interpolate.js';

/** Every command the CLI knows; one file per command, looked up by name or alias. */
export const commands: readonly Command[] = [helpCommand, interpolateCommand];
