import { MultiError, toError } from './errors.js';

/**
 * bosh-utils' work.Pool.ParallelDo: `count` workers take tasks in order; a worker that hits an error stops
 * taking tasks (the others go on), and all errors come back as one MultiError.
 */
export async function parallelDo(count: number, tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const errors: Error[] = [];
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (!task) return;
      try {
        await task();
      } catch (e) {
        errors.push(toError(e));
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, count) }, worker));
  if (errors.length > 0) throw new MultiError(errors);
}
