import type { ParseContext } from '../flags/option.js';

/** bosh-cli's FileBytesArg: `-` reads stdin, anything else is expanded to an absolute path and read. */
export async function readManifestArg(raw: string, ctx: ParseContext): Promise<string> {
  if (raw === '') throw new Error('Expected file path to be non-empty');
  const bytes = raw === '-' ? await ctx.readStdin() : await ctx.fs.readFile(ctx.fs.expandPath(raw));
  return new TextDecoder().decode(bytes);
}
