import { FindOp } from './patch/find-op.js';
import { parsePointer, Pointer } from './patch/pointer.js';
import type { Token } from './patch/tokens.js';
import type { Lookup } from './variables.js';

export interface NameGetter {
  get(name: string): Promise<Lookup>;
}

/**
 * `((a.b.c))`: looks up `a`, then finds `/b/c` inside its value. If that fails, integer tokens are retried as map
 * keys (`((m.1))` on `{1: x}` written as a string key); a second failure is an error, not a missing variable.
 */
export async function lookupDotted(getter: NameGetter, name: string): Promise<Lookup> {
  const [first = '', ...rest] = name.split('.');
  const found = await getter.get(first);
  if (!found.found || rest.length === 0) return found;
  const pointer = parsePointer('/' + rest.join('/'));
  try {
    return { found: true, value: new FindOp(pointer).apply(found.value) };
  } catch {
    const tokens: Token[] = pointer.tokens.map((t) =>
      t.kind === 'index' ? { kind: 'key', key: t.index.toString(), optional: false } : t,
    );
    return { found: true, value: new FindOp(new Pointer(tokens)).apply(found.value) };
  }
}
