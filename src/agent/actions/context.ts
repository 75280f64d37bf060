import type { Applier } from '../applier/applier.js';
import type { SpecStore } from '../applier/spec-store.js';
import type { Dirs } from '../dirs.js';
import type { TaskService } from '../dispatch/task-service.js';
import type { Logger } from '../logger.js';
import type {
  AgentBlobstore,
  AgentControl,
  AgentPlatform,
  BlobManager,
  JobSupervisor,
  ScriptRunner,
  SshAccess,
  VitalsService,
} from '../ports.js';
import type { SettingsService } from '../settings/settings-service.js';

/** What the actions work with; main.ts builds it. */
export interface AgentContext {
  readonly dirs: Dirs;
  readonly settings: SettingsService;
  readonly specs: SpecStore;
  readonly applier: Applier;
  readonly supervisor: JobSupervisor;
  readonly blobstore: AgentBlobstore;
  /** `data/sensitive_blobs`, where upload_blob writes. */
  readonly sensitiveBlobs: BlobManager;
  readonly vitals: VitalsService;
  readonly platform: AgentPlatform;
  readonly control: AgentControl;
  readonly scripts: ScriptRunner;
  readonly tasks: TaskService;
  readonly logger: Logger;
  /** The agent's SSH server and its users (`ssh`). */
  readonly ssh: SshAccess;
}
