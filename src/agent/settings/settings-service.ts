import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { type UpdateSettings } from '../../protocol/agent.js';
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
 */
export class SettingsService {
  private current: AgentSettings | undefined;
  private update: UpdateSettings | undefined;

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
    this.current = settings;
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
