import type { CommandSpec } from './command-spec.js';
import type { OptionSpec, OptionSpecs } from './option.js';

const DOCS = 'https://bosh.io/docs/cli-v2#';

/** go-flags help: usage, description, application options, the command's options and arguments. */
export function renderHelp(
  globals: OptionSpecs,
  commands: readonly CommandSpec[],
  command?: CommandSpec,
): string {
  const lines: string[] = ['Usage:'];
  if (command) {
    const args = command.args.map((a) => (a.required ? a.name : `[${a.name}]`)).join(' ');
    const hasOptions = Object.keys(command.options).length > 0;
    lines.push(
      `  bosh [OPTIONS] ${command.name}${hasOptions ? ` [${command.name}-OPTIONS]` : ''}${args ? ' ' + args : ''}`,
      '',
      command.description,
      '',
      DOCS + command.name,
    );
  } else {
    lines.push('  bosh [OPTIONS] <command>');
  }
  lines.push('', 'Application Options:', ...optionLines(globals, '  '));
  lines.push('', 'Help Options:', '  -h, --help' + ' '.repeat(20) + 'Show this help message');
  if (command) {
    if (Object.keys(command.options).length > 0) {
      lines.push('', `[${command.name} command options]`, ...optionLines(command.options, '      '));
    }
    if (command.args.length > 0) {
      lines.push('', `[${command.name} command arguments]`);
      for (const a of command.args) {
        // go-flags prints an argument without a description as just its name.
        lines.push(a.description === '' ? `  ${a.name}` : `  ${a.name}:`.padEnd(32) + a.description);
      }
    }
  } else {
    lines.push('', 'Available commands:');
    for (const c of [...commands].sort((a, b) => a.name.localeCompare(b.name))) {
      const aliases = c.aliases.length > 0 ? ` (aliases: ${c.aliases.join(', ')})` : '';
      // bosh-cli pads descriptions to 50 characters, then one space (`clean-up`'s 51 get that space only).
      const description = c.description.padEnd(50) + ' ';
      lines.push(`  ${c.name.padEnd(28)}${description}${DOCS}${c.name}${aliases}`);
    }
  }
  return lines.join('\n') + '\n';
}

function optionLines(specs: OptionSpecs, indent: string): string[] {
  const visible = Object.values(specs).filter((s) => s.hidden !== true);
  const heads = visible.map((s) => indent + optionHead(s));
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return visible.map((s, i) => (heads[i] ?? '').padEnd(width) + optionDescription(s));
}

function optionHead(s: OptionSpec<unknown>): string {
  const short = s.short !== undefined ? `-${s.short}, ` : '    ';
  const valueName = s.takesValue ? `=${s.valueName ?? ''}` : '';
  return `${short}--${s.long}${valueName}`;
}

function optionDescription(s: OptionSpec<unknown>): string {
  let d = s.description;
  if (s.defaultText !== undefined) d += ` (default: ${s.defaultText})`;
  if (s.env !== undefined) d += ` [$${s.env}]`;
  return d;
}
