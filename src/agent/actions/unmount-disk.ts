import { wrapError } from '../../base/errors.js';
import { isObject, type AgentValue } from '../../protocol/agent.js';
import { asyncAction, decodeArg, methodArgs, type AgentAction } from '../dispatch/action.js';
import { taskIdArg as stringArg } from './get-task.js';
import { persistentDiskSetting, type DiskActionDeps } from './mount-disk.js';

/**
 * `unmount_disk [disk_cid]` → `{"message": "Unmounted partition of <disk settings>"}`, or `"Partition of <disk
 * settings> is not mounted"` when the disk was not mounted (a task). Like bosh-agent it works from the settings
 * already loaded (mount_disk and list_disk re-read them), without reloading.
 */
export const unmountDisk = (deps: DiskActionDeps): AgentAction =>
  asyncAction(async (args) => {
    const cid = decodeArg(methodArgs(args, 1)[0], stringArg);
    const setting = persistentDiskSetting(deps, cid, 'Getting persistent disk settings');
    const unmounted = await deps.platform.unmountPersistentDisk(cid, setting).catch((e: unknown) => {
      throw wrapError(e, 'Unmounting persistent disk');
    });
    const disk = goDiskSettings(cid, setting);
    return { message: unmounted ? `Unmounted partition of ${disk}` : `Partition of ${disk} is not mounted` };
  });

/**
 * A persistent disk's settings as bosh-agent prints its `settings.DiskSettings` with `%+v`: a string setting is both
 * `Path` and `VolumeID`; a hash gives `path`, `volume_id`, `id`, `lun`, `host_device_id` and `iscsi_settings`. The
 * `env.persistent_disk_*` fields are printed empty (this agent does not read them).
 */
export function goDiskSettings(cid: string, setting: AgentValue): string {
  const hash = isObject(setting) ? setting : undefined;
  const text = (o: Readonly<Record<string, AgentValue>> | undefined, key: string): string => {
    const v = o?.[key];
    return typeof v === 'string' ? v : '';
  };
  const plain = typeof setting === 'string' ? setting : '';
  const iscsiValue = hash?.['iscsi_settings'];
  const iscsi = isObject(iscsiValue) ? iscsiValue : undefined;
  return (
    `{ID:${cid} DeviceID:${text(hash, 'id')} VolumeID:${hash ? text(hash, 'volume_id') : plain} ` +
    `Lun:${text(hash, 'lun')} HostDeviceID:${text(hash, 'host_device_id')} Path:${hash ? text(hash, 'path') : plain} ` +
    `ISCSISettings:{InitiatorName:${text(iscsi, 'initiator_name')} Username:${text(iscsi, 'username')} ` +
    `Target:${text(iscsi, 'target')} Password:${text(iscsi, 'password')}} FileSystemType: MountOptions:[] Partitioner:}`
  );
}
