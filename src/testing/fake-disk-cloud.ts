/**
 * The CPI and agent calls the DiskManager makes, for its unit tests: a CPI that creates and attaches disks and one
 * VM's agent that keeps track of what is mounted (migrate_disk leaves the new disk on store), every call recorded
 * in order, any call made to fail.
 */
import type { AgentClient } from '../ports/agent-client.js';

export const notAttached = (disk: string): Error =>
  Object.assign(new Error(`Disk '${disk}' not attached`), { type: 'Bosh::Clouds::DiskNotAttached' });

/** A CPI and one VM's agent that keep track of what is mounted; every call goes to `calls`, in order. */
export class FakeDisks {
  readonly calls: string[] = [];
  mounted: string[] = [];
  private created = 0;
  readonly failing = new Map<string, Error>();

  private record(line: string): void {
    this.calls.push(line);
    const error = this.failing.get(line);
    if (error !== undefined) throw error;
  }

  readonly cpi = {
    call: (method: string, args: readonly unknown[]): Promise<unknown> => {
      this.record(`cpi ${method} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
      if (method === 'create_disk') return Promise.resolve(`disk-new-${String(++this.created)}`);
      if (method === 'attach_disk') return Promise.resolve(`/disks/${String(args[1])}`);
      return Promise.resolve(null);
    },
  };

  readonly agent = {
    agentId: 'agent-0',
    listDisk: () => {
      this.record('agent list_disk');
      return Promise.resolve([...this.mounted]);
    },
    addPersistentDisk: (cid: string, hint: unknown) => {
      this.record(`agent add_persistent_disk ${cid} ${JSON.stringify(hint)}`);
      return Promise.resolve({});
    },
    removePersistentDisk: (cid: string) => {
      this.record(`agent remove_persistent_disk ${cid}`);
      return Promise.resolve({});
    },
    mountDisk: (cid: string) => {
      this.record(`agent mount_disk ${cid}`);
      this.mounted.push(cid);
      return Promise.resolve({});
    },
    unmountDisk: (cid: string) => {
      this.record(`agent unmount_disk ${cid}`);
      this.mounted = this.mounted.filter((c) => c !== cid);
      return Promise.resolve({});
    },
    migrateDisk: (from: string, to: string) => {
      this.record(`agent migrate_disk ${from} ${to}`);
      this.mounted = this.mounted.filter((c) => c === to);
      return Promise.resolve({});
    },
  } as unknown as AgentClient;
}
