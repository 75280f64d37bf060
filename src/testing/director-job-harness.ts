import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { LocalBlobstore } from '../adapters/blobstore/local-blobstore.js';
import { VerifyingBlobstore } from '../adapters/blobstore/verifying-blobstore.js';
import {
  connectDirectorDb,
  directorStoreOver,
  migrateToLatest,
  type DirectorDb,
} from '../adapters/db/index.js';
import { asBoshError, type BoshError } from '../core/errors.js';
import type { TaskContext, TaskJob } from '../director/tasks/task-context.js';
import type { Blobstore } from '../ports/blobstore.js';
import type { DirectorStore } from '../ports/director-store.js';
import type { AgentClientFactory } from '../ports/agent-client.js';
import type { CompileCpi } from '../director/compile/types.js';
import type { DeployDeps } from '../director/deploy/types.js';

/**
 * What the director's task jobs run against in tests: a migrated SQLite store (with the raw database, to set up
 * what the jobs only read, e.g. deployments using a release), a local blobstore and a temp dir, under one work dir.
 */
export interface JobHarness {
  readonly work: string;
  readonly tmpDir: string;
  readonly store: DirectorStore;
  readonly db: DirectorDb['db'];
  readonly blobstore: Blobstore;
  /** Ids of the blobs in the blobstore, sorted. */
  blobIds(): Promise<string[]>;
  /** Entries left in the jobs' temp dir. */
  tmpEntries(): Promise<string[]>;
  /** A deployment using the given release versions (`name/version`) and stemcells (ids). */
  addDeployment(
    name: string,
    uses: { readonly releases?: readonly string[]; readonly stemcells?: readonly number[] },
  ): Promise<void>;
  close(): Promise<void>;
}

export async function openJobHarness(): Promise<JobHarness> {
  const work = await mkdtemp(join(tmpdir(), 'bosh-ts-jobs-'));
  const handle = connectDirectorDb({ adapter: 'sqlite', path: join(work, 'director.sqlite') });
  await migrateToLatest(handle.db, handle.dialect);
  const store = directorStoreOver(handle);
  const blobDir = join(work, 'blobstore');
  const tmpDir = join(work, 'tmp');
  const list = (dir: string): Promise<string[]> =>
    readdir(dir).then(
      (e) => e.sort(),
      () => [],
    );
  return {
    work,
    tmpDir,
    store,
    db: handle.db,
    blobstore: new VerifyingBlobstore(new LocalBlobstore(blobDir)),
    blobIds: () => list(blobDir),
    tmpEntries: () => list(tmpDir),
    async addDeployment(name, uses) {
      const { id } = await handle.db
        .insertInto('deployments')
        .values({ name, manifest_text: `name: ${name}\n` })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const ref of uses.releases ?? []) {
        const [release = '', version = ''] = ref.split('/');
        const rv = await handle.db
          .selectFrom('release_versions')
          .innerJoin('releases', 'releases.id', 'release_versions.release_id')
          .select('release_versions.id')
          .where('releases.name', '=', release)
          .where('release_versions.version', '=', version)
          .executeTakeFirstOrThrow();
        await handle.db
          .insertInto('deployments_release_versions')
          .values({ deployment_id: id, release_version_id: rv.id })
          .execute();
      }
      for (const stemcellId of uses.stemcells ?? []) {
        await handle.db
          .insertInto('deployments_stemcells')
          .values({ deployment_id: id, stemcell_id: stemcellId })
          .execute();
      }
    },
    async close() {
      await store.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** Opens a fresh harness before each test of the calling file (handing it to `use`) and closes it after. */
export function withJobHarness(use: (h: JobHarness) => void): void {
  let h: JobHarness | undefined;
  beforeEach(async () => {
    h = await openJobHarness();
    use(h);
  });
  afterEach(async () => {
    await h?.close();
  });
}

/** Runs a task job; the error it ends with (a BoshError, with kind and code) instead of a rejection. */
export async function runJob(
  job: TaskJob,
  ctx: TaskContext,
  payload: unknown,
): Promise<{ readonly result?: string; readonly error?: BoshError }> {
  try {
    return { result: await job(ctx, payload) };
  } catch (e) {
    return { error: asBoshError(e) };
  }
}

/**
 * DeployDeps over the harness for jobs that never render: fake agents (reached at `https://mbus@<ip>:6868`), an
 * optional CPI, fixed ids.
 */
export function fakeDeployDeps(
  h: JobHarness,
  o: { readonly agents: AgentClientFactory; readonly cpi?: CompileCpi },
): DeployDeps {
  return {
    store: h.store,
    blobstore: h.blobstore,
    tmpDir: h.tmpDir,
    cpiFor: () => o.cpi,
    agents: o.agents,
    mbusFor: (ip) => `https://mbus@${ip}:6868`,
    renderer: () => {
      throw new Error('this job renders nothing');
    },
    newId: () => 'id',
    cpiLog: () => undefined,
  };
}
