import type { CommandSpec } from './command-spec.js';

/** go-flags' message for a missing or unknown command, with its `did you mean` suggestion. */
export function unknownCommand(arg: string | undefined, commands: readonly CommandSpec[]): string {
  const names = commands.map((c) => c.name).sort();
  const choices = `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
  if (arg === undefined) return `Please specify one command of: ${choices}`;
  const close = closestChoice(arg, names);
  if (close && close.distance / close.name.length < 0.5)
    return `Unknown command \`${arg}', did you mean \`${close.name}'?`;
  return `Unknown command \`${arg}'. Please specify one command of: ${choices}`;
}

function closestChoice(word: string, names: string[]): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = levenshtein(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
