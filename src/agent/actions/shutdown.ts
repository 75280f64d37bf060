import { syncAction, type AgentAction } from '../dispatch/action.js';
import type { AgentPlatform } from '../ports.js';

/** `shutdown` → `""`; the VM goes down once the reply has gone (the director does not wait for it). */
export const shutdown = (platform: AgentPlatform): AgentAction =>
  syncAction(async () => {
    await platform.shutdown();
    return '';
  });
