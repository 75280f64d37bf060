import type { TaskContext } from '../tasks/task-context.js';

/** `BaseJob#single_step_stage`: a stage of one task with the stage's own name. */
export function singleStepStage<T>(ctx: TaskContext, name: string, work: () => Promise<T>): Promise<T> {
  ctx.debug(name);
  return ctx.events.beginStage(name, 1).advanceAndTrack(name, work);
}

/** `"s"` when there is more than one (`Processing 2 existing packages`, `Processing 1 existing job`). */
export function plural(n: number): string {
  return n > 1 ? 's' : '';
}
