import { readFile } from 'node:fs/promises';
import { wrapError } from '../../base/errors.js';
import { isObject } from '../../protocol/agent.js';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';

/** A persistent action's request, kept until its task ends (bosh-agent task.Info: Payload is base64 in JSON). */
export interface TaskInfo {
  readonly TaskID: string;
  readonly Method: string;
  /** The raw request body, base64 as Go marshals a []byte. */
  readonly Payload: string;
}

/** `bosh/tasks.json` (bosh-agent task manager). Writes are serialized. */
export class TaskStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async infos(): Promise<TaskInfo[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw wrapError(e, 'Unmarshaling tasks json');
    }
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((x: unknown) =>
      isObject(x) && typeof x['TaskID'] === 'string' && typeof x['Method'] === 'string'
        ? [
            {
              TaskID: x['TaskID'],
              Method: x['Method'],
              Payload: typeof x['Payload'] === 'string' ? x['Payload'] : '',
            },
          ]
        : [],
    );
  }

  add(info: TaskInfo): Promise<void> {
    return this.update((all) => [...all.filter((i) => i.TaskID !== info.TaskID), info]);
  }

  remove(taskId: string): Promise<void> {
    return this.update((all) => all.filter((i) => i.TaskID !== taskId));
  }

  private update(change: (all: TaskInfo[]) => TaskInfo[]): Promise<void> {
    const next = this.chain.then(async () => {
      const all = change(await this.infos());
      try {
        await atomicWrite(this.path, JSON.stringify(all));
      } catch (e) {
        throw wrapError(e, 'Writing tasks json');
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
