/** The CPI a task needs, its calls logged to the task's `cpi` output; BOSH's error when the director has none. */
import { BoshError } from '../../core/errors.js';
import type { TaskContext } from '../tasks/task-context.js';

interface CpiSource<C> {
  /** The default CPI, its calls logged with `log`; undefined when none is configured. */
  readonly cpiFor: (log: (text: string) => void) => C | undefined;
  readonly cpiLog: (taskId: number, text: string) => void;
}

export function requireCpi<C>(deps: CpiSource<C>, ctx: Pick<TaskContext, 'taskId'>): C {
  const cpi = deps.cpiFor((text) => {
    deps.cpiLog(ctx.taskId, text);
  });
  if (cpi === undefined) throw new BoshError('DirectorError', 'No CPI is configured for this director');
  return cpi;
}
