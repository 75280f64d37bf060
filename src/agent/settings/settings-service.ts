import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goValue, map, root, type AgentValue, type UpdateSettings } from '../../protocol/agent.js';
import { decodeUpdateSettings } from './update-settings-codec.js';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';
import type { Dirs } from '../dirs.js';
import type { Logger } from '../logger.js';
import { decodeSettings, type AgentSettings } from './settings.js';

const TAG = 'settingsService';

/**
 * Settings from the file the CPI writes (the agent's File settings source), falling back to the cached copy in
 * `bosh/settings.json` when the source cannot be read, plus `bosh/update_settings.json` from update_settings.
 * Re-read on list_disk and update_settings, as bosh-agent's LoadSettings is.
 *
 * The persistent disks the agent knows are the settings' `disks.persistent` plus the hints add_persistent_disk
 * recorded in `bosh/persistent_disk_hints.json` (a hint wins over the settings for the same cid), as bosh-agent's
 * GetAllPersistentDiskSettings merges them; `settings.persistentDisks` is that merged view.
 */
export class SettingsService {
  private current: AgentSettings | undefined;
  private update: UpdateSettings | undefined;
  private source: AgentSettings | undefined;
  private hints: Readonly<Record<string, AgentValue>> = {};
  /** Serialises the read-modify-write of the hints file. */
  private hintsLock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sourcePath: string,
    private readonly dirs: Dirs,
    private readonly logger: Logger,
  ) {}

  get settings(): AgentSettings {
    if (!this.current) throw new Error('Settings have not been loaded');
    return this.current;
  }

  get updateSettings(): UpdateSettings | undefined {
    return this.update;
  }

  async load(): Promise<void> {
    let text: string;
    let fromSource = true;
    try {
      text = await readFile(this.sourcePath, 'utf8');
    } catch (e) {
      this.logger.error(TAG, `Failed loading settings via fetcher: ${String(e)}`);
      try {
        text = await readFile(this.dirs.settingsFile, 'utf8');
        fromSource = false;
      } catch {
        throw wrapError(e, 'Invoking settings fetcher');
      }
    }
    let settings: AgentSettings;
    try {
      settings = decodeSettings(JSON.parse(text));
    } catch (e) {
      throw wrapError(e, 'Unmarshalling settings');
    }
    const hints = await this.readHints().catch((e: unknown) => {
      throw wrapError(e, 'Reading persistent disk settings');
    });
    this.source = settings;
    this.setHints(hints);
    this.update = await this.readUpdateSettings();
    if (fromSource && resolve(this.sourcePath) !== resolve(this.dirs.settingsFile)) {
      await atomicWrite(this.dirs.settingsFile, text).catch((e: unknown) => {
        this.logger.warn(TAG, `Caching settings: ${String(e)}`);
      });
    }
  }

  async saveUpdateSettings(u: UpdateSettings): Promise<void> {
    try {
      await atomicWrite(this.dirs.updateSettingsFile, JSON.stringify(u));
    } catch (e) {
      throw wrapError(e, 'Writing update settings json');
    }
    this.update = u;
  }

  /** add_persistent_disk: records `hint` as the disk settings of `cid` (bosh-agent SavePersistentDiskSettings). */
  savePersistentDiskHint(cid: string, hint: AgentValue): Promise<void> {
    return this.changeHints('Reading all persistent disk settings', (hints) => ({ ...hints, [cid]: hint }));
  }

  /** remove_persistent_disk: forgets the hint of `cid`, if any (bosh-agent RemovePersistentDiskSettings). */
  removePersistentDiskHint(cid: string): Promise<void> {
    return this.changeHints('Cannot remove entry from file due to read error', (hints) =>
      Object.fromEntries(Object.entries(hints).filter(([key]) => key !== cid)),
    );
  }

  private changeHints(
    readError: string,
    change: (hints: Readonly<Record<string, AgentValue>>) => Record<string, AgentValue>,
  ): Promise<void> {
    const run = this.hintsLock.then(async () => {
      const hints = await this.readHints().catch((e: unknown) => {
        throw wrapError(e, readError);
      });
      const next = change(hints);
      try {
        await atomicWrite(this.dirs.persistentDiskHintsFile, JSON.stringify(next));
      } catch (e) {
        throw wrapError(
          wrapError(e, 'Writing persistent disk settings settings json'),
          'Saving persistent disk settings',
        );
      }
      this.setHints(next);
    });
    this.hintsLock = run.catch(() => undefined);
    return run;
  }

  private setHints(hints: Readonly<Record<string, AgentValue>>): void {
    this.hints = hints;
    if (this.source === undefined) return;
    this.current = {
      ...this.source,
      persistentDisks: { ...this.source.persistentDisks, ...this.hints },
    };
  }

  /** `bosh/persistent_disk_hints.json`, cid → hint; none when the file does not exist. */
  private async readHints(): Promise<Record<string, AgentValue>> {
    let text: string;
    try {
      text = await readFile(this.dirs.persistentDiskHintsFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw wrapError(e, 'Reading persistent disk settings from file');
    }
    try {
      return map(JSON.parse(text), root('map[string]settings.DiskSettings'), 'map', goValue) ?? {};
    } catch (e) {
      throw wrapError(e, 'Unmarshalling persistent disk settings from file');
    }
  }

  private async readUpdateSettings(): Promise<UpdateSettings | undefined> {
    let text: string;
    try {
      text = await readFile(this.dirs.updateSettingsFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return decodeUpdateSettings(JSON.parse(text));
    } catch (e) {
      throw wrapError(e, 'Unmarshalling update settings json');
    }
  }
}
