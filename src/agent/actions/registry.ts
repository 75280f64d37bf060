import type { AgentAction } from '../dispatch/action.js';
import { apply } from './apply.js';
import { cancelTask } from './cancel-task.js';
import { compilePackage } from './compile-package.js';
import type { AgentContext } from './context.js';
import { drain } from './drain.js';
import { fetchLogs } from './fetch-logs.js';
import { getState } from './get-state.js';
import { getTask } from './get-task.js';
import { info } from './info.js';
import { listDisk } from './list-disk.js';
import { migrateDisk } from './migrate-disk.js';
import { mountDisk } from './mount-disk.js';
import { addPersistentDisk, removePersistentDisk } from './persistent-disk-hints.js';
import { ping } from './ping.js';
import { prepare } from './prepare.js';
import { runErrand } from './run-errand.js';
import { runScript } from './run-script.js';
import { shutdown } from './shutdown.js';
import { ssh } from './ssh.js';
import { start } from './start.js';
import { stop } from './stop.js';
import { syncDns } from './sync-dns.js';
import { unmountDisk } from './unmount-disk.js';
import { updateSettings } from './update-settings.js';
import { uploadBlob } from './upload-blob.js';

/** The agent methods this agent answers, by wire name; any other method is `unknown message <method>`. */
export function actionRegistry(ctx: AgentContext): ReadonlyMap<string, AgentAction> {
  return new Map<string, AgentAction>([
    ['ping', ping()],
    ['info', info()],
    ['get_task', getTask(ctx.tasks)],
    ['cancel_task', cancelTask(ctx.tasks)],
    ['get_state', getState(ctx)],
    ['prepare', prepare(ctx.applier)],
    ['apply', apply(ctx)],
    ['start', start(ctx)],
    ['stop', stop(ctx.supervisor)],
    ['drain', drain(ctx)],
    ['run_script', runScript(ctx)],
    ['run_errand', runErrand(ctx, { baseEnv: process.env })],
    ['sync_dns', syncDns(ctx)],
    ['upload_blob', uploadBlob(ctx.sensitiveBlobs)],
    ['fetch_logs', fetchLogs(ctx)],
    ['compile_package', compilePackage(ctx)],
    ['list_disk', listDisk(ctx)],
    ['mount_disk', mountDisk(ctx)],
    ['unmount_disk', unmountDisk(ctx)],
    ['migrate_disk', migrateDisk(ctx.platform)],
    ['add_persistent_disk', addPersistentDisk(ctx.settings)],
    ['remove_persistent_disk', removePersistentDisk(ctx.settings)],
    ['update_settings', updateSettings(ctx)],
    ['shutdown', shutdown(ctx.platform)],
    ['ssh', ssh(ctx)],
  ]);
}
