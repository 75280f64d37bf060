import { join } from 'node:path';

/**
 * The agent's directories under its base (bosh-agent `settings/directories`, base `/var/vcap`, `-b`). `sys` is a
 * symlink to `data/sys` made at boot, so job logs are written under `data/sys/log/<job>` and read as
 * `sys/log/<job>`.
 */
export class Dirs {
  constructor(readonly base: string) {}

  get bosh(): string {
    return join(this.base, 'bosh');
  }
  get data(): string {
    return join(this.base, 'data');
  }
  get store(): string {
    return join(this.base, 'store');
  }
  /** Where mount_disk mounts a second disk while `store` holds another (bosh-agent StoreMigrationDir). */
  get storeMigrationTarget(): string {
    return join(this.base, 'store_migration_target');
  }
  get jobs(): string {
    return join(this.base, 'jobs');
  }
  get packages(): string {
    return join(this.base, 'packages');
  }
  get dataJobs(): string {
    return join(this.data, 'jobs');
  }
  get dataPackages(): string {
    return join(this.data, 'packages');
  }
  get blobs(): string {
    return join(this.data, 'blobs');
  }
  get sensitiveBlobs(): string {
    return join(this.data, 'sensitive_blobs');
  }
  get tmp(): string {
    return join(this.data, 'tmp');
  }
  get sys(): string {
    return join(this.base, 'sys');
  }
  /** `sys/log`: where run_script appends `<job>/<script>.std{out,err}.log` and fetch_logs 'job' reads. */
  get logs(): string {
    return join(this.sys, 'log');
  }
  get agentLogs(): string {
    return join(this.bosh, 'log');
  }
  get instance(): string {
    return join(this.base, 'instance');
  }
  get disks(): string {
    return join(this.instance, 'disks');
  }
  get specFile(): string {
    return join(this.bosh, 'spec.json');
  }
  get settingsFile(): string {
    return join(this.bosh, 'settings.json');
  }
  get updateSettingsFile(): string {
    return join(this.bosh, 'update_settings.json');
  }
  get tasksFile(): string {
    return join(this.bosh, 'tasks.json');
  }
  /**
   * add_persistent_disk's hints (bosh-agent's `persistent_disk_hints.json`): cid → the hint as the director sent it
   * (bosh-agent stores its parsed DiskSettings instead, which would drop a local disk's `format`).
   */
  get persistentDiskHintsFile(): string {
    return join(this.bosh, 'persistent_disk_hints.json');
  }
  /** Where a generated mbus certificate is kept (not a bosh-agent path: it never generates one). */
  get mbusCertDir(): string {
    return join(this.bosh, 'mbus');
  }
  jobLogDir(job: string): string {
    return join(this.data, 'sys', 'log', job);
  }
  jobRunDir(job: string): string {
    return join(this.data, 'sys', 'run', job);
  }
  jobDataDir(job: string): string {
    return join(this.data, job);
  }
  jobBin(job: string, script: string): string {
    return join(this.jobs, job, 'bin', script);
  }
}
