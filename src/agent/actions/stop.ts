import { wrapError } from '../../base/errors.js';
import { asyncAction, type AgentAction } from '../dispatch/action.js';
import type { JobSupervisor } from '../ports.js';

/** `stop` (task) → `"stopped"`: stops every job process and waits for them. */
export const stop = (supervisor: JobSupervisor): AgentAction =>
  asyncAction(async () => {
    try {
      await supervisor.stop();
    } catch (e) {
      throw wrapError(e, 'Stopping Monitored Services');
    }
    return 'stopped';
  });
