/** Where memoPromise keeps its promises: a Map, or a WeakMap when the keys are the objects they belong to. */
export interface PromiseMemo<K, V> {
  get(key: K): Promise<V> | undefined;
  set(key: K, value: Promise<V>): unknown;
  delete(key: K): boolean;
}

/**
 * The promise `memo` holds for `key`, made by `make` on its first use, so concurrent and later callers share one
 * piece of work. With `forgetFailure` a promise that rejects is dropped (while it is still the one held): its
 * callers see the failure, and the next call tries again.
 */
export function memoPromise<K, V>(
  memo: PromiseMemo<K, V>,
  key: K,
  make: () => Promise<V>,
  o: { readonly forgetFailure?: boolean } = {},
): Promise<V> {
  const found = memo.get(key);
  if (found !== undefined) return found;
  const made = make();
  memo.set(key, made);
  if (o.forgetFailure === true)
    void made.catch(() => {
      if (memo.get(key) === made) memo.delete(key);
    });
  return made;
}

/** The map `outer` keeps for `owner`, made empty on first use: a memo per run, per variable set, ... */
export function memoFor<O extends object, K, V>(
  outer: WeakMap<O, Map<K, Promise<V>>>,
  owner: O,
): Map<K, Promise<V>> {
  let inner = outer.get(owner);
  if (inner === undefined) outer.set(owner, (inner = new Map<K, Promise<V>>()));
  return inner;
}
