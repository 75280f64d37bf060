import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { handleRequest, type CpiDeps } from './dispatch.js';
import { renderResponse } from './response.js';

/**
 * `bosh-local-cpi <config.json> --serve` (the director's `cpi.serve`, see adapters/served-cpi.ts): answers
 * requests `<seq> <request JSON>`, one per line, with `<seq> <response JSON>` lines as each finishes, so calls
 * overlap as separate processes' would. Returns when the input ends and every call is answered.
 */
export async function serve(
  input: Readable,
  output: Writable,
  deps: CpiDeps,
  warn: (line: string) => void,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const space = line.indexOf(' ');
    const seq = space < 0 ? '' : line.slice(0, space);
    if (!/^[0-9]+$/.test(seq)) {
      warn(`bosh-local-cpi --serve: a request line starts with its number, got: ${line}`);
      continue;
    }
    const call = handleRequest(line.slice(space + 1), deps)
      .then((response) => {
        output.write(`${seq} ${renderResponse(response)}\n`);
      })
      .finally(() => running.delete(call));
    running.add(call);
  }
  await Promise.all(running);
}
