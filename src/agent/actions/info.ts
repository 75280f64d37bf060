import { syncAction, type AgentAction } from '../dispatch/action.js';

/** `info` → `{"api_version":1}`. */
export const info = (): AgentAction => syncAction(() => Promise.resolve({ api_version: 1 }));
