import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceGroup } from '../../core/manifest/types.js';
import type { Blobstore } from '../../ports/blobstore.js';
import type { JobRecord, ReleaseVersionRecord } from '../../ports/director-release-store.js';
import type { StemcellPackageUse } from '../compile/types.js';
import { groupPackages, jobBlock } from './apply-spec.js';
import { readJobSources } from './render.js';

/** The exact message of an error (not a substring of it). */
const message = (text: string) => expect.objectContaining({ message: text }) as unknown;

const job = (name: string, packageNames: string[] = []): JobRecord => ({
  id: 1,
  name,
  version: `v-${name}`,
  blobstoreId: `blob-${name}`,
  sha1: `sha-${name}`,
  fingerprint: `fp-${name}`,
  packageNames,
  spec: {},
});

const releases = (jobs: JobRecord[]): ReadonlyMap<string, ReleaseVersionRecord> =>
  new Map([
    [
      'site',
      {
        id: 1,
        releaseName: 'site',
        version: '1',
        commitHash: 'c',
        uncommittedChanges: false,
        updateCompleted: true,
        packages: [],
        jobs,
      },
    ],
  ]);

/** Only what the apply spec reads of an instance group: its name and its jobs' names and releases. */
const group = (jobs: Array<{ name: string; release: string }>): InstanceGroup =>
  ({ name: 'web', jobs }) as unknown as InstanceGroup;

describe('apply spec errors', () => {
  it("refuses a job's package that was not compiled", () => {
    const compiled: StemcellPackageUse[] = [];
    expect(() =>
      groupPackages(
        group([{ name: 'nginx', release: 'site' }]),
        releases([job('nginx', ['ruby'])]),
        compiled,
        1,
      ),
    ).toThrow(message("Package 'ruby' is not compiled"));
  });

  it('gives each group the packages compiled for its own stemcell, with their dependencies', () => {
    const use = (stemcellId: number, name: string, dependencies: string[] = []): StemcellPackageUse =>
      ({
        stemcellId,
        releaseName: 'site',
        package: { name, version: `${name}-v`, dependencies },
        compiled: {
          build: stemcellId,
          sha1: `sha-${name}-${String(stemcellId)}`,
          blobstoreId: `b-${name}-${String(stemcellId)}`,
        },
      }) as unknown as StemcellPackageUse;
    const compiled = [use(1, 'ruby', ['yaml']), use(1, 'yaml'), use(2, 'ruby', ['yaml']), use(2, 'yaml')];
    const packages = groupPackages(
      group([{ name: 'nginx', release: 'site' }]),
      releases([job('nginx', ['ruby'])]),
      compiled,
      2,
    );
    expect(packages).toEqual({
      ruby: { name: 'ruby', version: 'ruby-v.2', sha1: 'sha-ruby-2', blobstore_id: 'b-ruby-2' },
      yaml: { name: 'yaml', version: 'yaml-v.2', sha1: 'sha-yaml-2', blobstore_id: 'b-yaml-2' },
    });
    expect(() =>
      groupPackages(
        group([{ name: 'nginx', release: 'site' }]),
        releases([job('nginx', ['ruby'])]),
        compiled,
        3,
      ),
    ).toThrow(message("Package 'ruby' is not compiled"));
  });

  it('refuses a job its release does not have', () => {
    expect(() => jobBlock(group([{ name: 'nginx', release: 'site' }]), releases([job('haproxy')]))).toThrow(
      message("Job 'nginx' not found in release 'site'"),
    );
  });
});

describe('render errors', () => {
  it('names the job whose archive cannot be extracted, with what tar says', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'bosh-ts-render-'));
    try {
      let downloadedTo = '';
      // A blob that never arrives: the archive is missing.
      const blobstore: Blobstore = {
        put: () => Promise.reject(new Error('not used')),
        get: (_id, destPath) => {
          downloadedTo = destPath;
          return Promise.resolve();
        },
        delete: () => Promise.resolve(),
        exists: () => Promise.resolve(false),
      };
      const error = await readJobSources(blobstore, tmp, job('nginx')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toEqual(
        message(`Cannot extract job 'nginx': tar: ${downloadedTo}: Cannot open: No such file or directory`),
      );
      expect(downloadedTo).toMatch(/job\.tgz$/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
