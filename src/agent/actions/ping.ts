import { syncAction, type AgentAction } from '../dispatch/action.js';

/** `ping` → `"pong"`. */
export const ping = (): AgentAction => syncAction(() => Promise.resolve('pong'));
