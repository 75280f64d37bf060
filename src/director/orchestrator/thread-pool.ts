/** BOSH's `Config.max_threads` default: how many VMs, instances or agents a job works on at once. */
export const MAX_THREADS = 32;

/**
 * BOSH's `ThreadPool` as the updaters use it: at most `max` pieces of work at a time, started in order; after the
 * first failure nothing new starts, the work in flight finishes, then the first error is thrown.
 */

export async function runPool<T>(
  items: readonly T[],
  max: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(max, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}
