import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { boshError } from '../../core/errors.js';
import type { DirectorStore, StemcellRecord } from '../../ports/director-store.js';
import type { EventStage, TaskContext, TaskJob } from '../tasks/task-context.js';
import { extractArchive, makeTempDir, removePath } from './archives.js';
import type { NamedCpi } from './cpi.js';
import { decodeUpdateStemcellPayload } from './payloads.js';
import { allCpiFormats, cpiSupports, cpiSuffix, runtimeConfigTags } from './stemcell/stemcell-clouds.js';
import { rubyInspect } from '../../base/ruby-inspect.js';
import { readStemcellManifest, type StemcellManifest } from './stemcell/stemcell-manifest.js';
import { download, uploadPath, verifyUploadDigest } from './upload-file.js';

export interface StemcellJobDeps {
  readonly store: DirectorStore;
  /** The configured CPIs: `[{ name: '', cpi }]` without a cpi config. */
  readonly clouds: readonly NamedCpi[];
  readonly tmpDir: string;
}

/**
 * The `update_stemcell` task (`create stemcell`, bosh-director `Jobs::UpdateStemcell`): one stage `Update stemcell`
 * (total 2 + download + sha1 check + 3 per CPI) with tasks `Downloading remote stemcell`, `Verifying remote
 * stemcell`, `Extracting stemcell archive`, `Verifying stemcell manifest`, then per CPI, holding
 * `lock:stemcells:<name>:<version>`: `Checking if this stemcell already exists`, `Uploading stemcell <n>/<v> to the
 * cloud`, `Save stemcell <n>/<v> (<cid>)` (each with ` (cpi: <name>)` for a named CPI). A stemcell the CPI has
 * already is not uploaded again (` (already exists, skipped)`), unless `fix`: then it is, and the record gets the
 * new cid (the old cloud stemcell stays, as in BOSH). Result `/stemcells/<name>/<version>`.
 */
export function updateStemcellJob(deps: StemcellJobDeps): TaskJob {
  return async (ctx, raw) => {
    const payload = decodeUpdateStemcellPayload(raw);
    ctx.debug('Processing update stemcell');
    const { location, sha1 } = payload;
    const steps =
      2 + (location !== undefined ? 1 : 0) + (sha1 !== undefined ? 1 : 0) + deps.clouds.length * 3;
    ctx.debug('Update stemcell');
    const stage = ctx.events.beginStage('Update stemcell', steps);
    const stemcellPath = await uploadPath(payload, deps.tmpDir, 'stemcell');
    let dir: string | undefined;
    try {
      if (location !== undefined) {
        await stage.advanceAndTrack('Downloading remote stemcell', () =>
          download(ctx, 'stemcell', location, stemcellPath),
        );
      }
      const stemcellDir = await makeTempDir(deps.tmpDir, 'stemcell');
      dir = stemcellDir;
      if (sha1 !== undefined) {
        await stage.advanceAndTrack('Verifying remote stemcell', () =>
          verifyUploadDigest(ctx, stemcellPath, sha1, 'StemcellSha1DoesNotMatch'),
        );
      }
      await stage.advanceAndTrack('Extracting stemcell archive', async () => {
        const problem = await extractArchive(stemcellPath, stemcellDir);
        if (problem === undefined) return;
        ctx.debug(`Extracting stemcell archive failed in dir ${stemcellDir}, output: ${problem}`);
        throw boshError(
          'StemcellInvalidArchive',
          'Extracting stemcell archive failed. Check task debug log for details.',
        );
      });
      const manifest = await stage.advanceAndTrack('Verifying stemcell manifest', async () => {
        const m = await readStemcellManifest(join(stemcellDir, 'stemcell.MF'));
        ctx.debug(
          `Found stemcell image '${m.name}/${m.version}', cloud properties are ${JSON.stringify(m.cloudProperties)}`,
        );
        ctx.debug('Verifying stemcell image');
        const image = await stat(join(stemcellDir, 'image')).then(
          (s) => s.isFile(),
          () => false,
        );
        if (!image) throw boshError('StemcellImageNotFound', 'Stemcell image not found');
        return m;
      });
      const upload = new StemcellUpload(deps, ctx, stage, manifest, join(stemcellDir, 'image'), payload.fix);
      const lock = `lock:stemcells:${manifest.name}:${manifest.version}`;
      const stemcell = await ctx.withLock(lock, 900 * deps.clouds.length, () => upload.toAllClouds());
      if (stemcell === undefined) {
        const formats =
          manifest.stemcellFormats === undefined ? '' : rubyInspect([...manifest.stemcellFormats]);
        throw boshError(
          'StemcellNotSupported',
          `uploaded stemcell with formats ${formats} are not supported by available cpi formats: ${await allCpiFormats(deps.clouds)}`,
        );
      }
      return `/stemcells/${stemcell.name}/${stemcell.version}`;
    } finally {
      if (dir !== undefined) await removePath(dir);
      await removePath(stemcellPath);
    }
  };
}

class StemcellUpload {
  constructor(
    private readonly deps: StemcellJobDeps,
    private readonly ctx: TaskContext,
    private readonly stage: EventStage,
    private readonly manifest: StemcellManifest,
    private readonly imagePath: string,
    private readonly fix: boolean,
  ) {}

  /** The stemcell of the last CPI that takes it, or undefined when none does. */
  async toAllClouds(): Promise<StemcellRecord | undefined> {
    let stemcell: StemcellRecord | undefined;
    for (const cloud of this.deps.clouds) {
      if (!(await cpiSupports(this.ctx, cloud, this.manifest.stemcellFormats))) {
        this.ctx.debug(`${cpiSuffix(cloud.name)} cpi does not support stemcell format`);
        continue;
      }
      stemcell = await this.toCloud(cloud);
    }
    return stemcell;
  }

  private async toCloud(cloud: NamedCpi): Promise<StemcellRecord> {
    const { ctx, stage, manifest: m } = this;
    const suffix = cpiSuffix(cloud.name);
    const existing = await stage.advanceAndTrack(`Checking if this stemcell already exists${suffix}`, () =>
      this.deps.store.stemcells.find(m.name, m.version, cloud.name),
    );
    const needsUpload = this.fix || existing === undefined || existing.cid === '';
    const skipped = needsUpload ? '' : ' (already exists, skipped)';
    let cid = existing?.cid ?? '';
    await stage.advanceAndTrack(
      `Uploading stemcell ${m.name}/${m.version} to the cloud${suffix}${skipped}`,
      async () => {
        if (!needsUpload) {
          ctx.debug(`Skipping stemcell upload, already exists${suffix}`);
          return;
        }
        const tags = await runtimeConfigTags(this.deps.store);
        cid = await cloud.cpi.createStemcell(this.imagePath, m.cloudProperties, { tags });
        ctx.debug(`Cloud created stemcell${suffix}: ${cid}`);
      },
    );
    return stage.advanceAndTrack(
      `Save stemcell ${m.name}/${m.version} (${cid})${suffix}${skipped}`,
      async () => {
        if (!needsUpload) {
          ctx.debug(`Skipping stemcell save, already exists${suffix}`);
          return existing;
        }
        try {
          if (existing !== undefined) {
            await this.deps.store.stemcells.updateCid(existing.id, cid);
            return { ...existing, cid };
          }
          return await this.deps.store.stemcells.create({
            name: m.name,
            version: m.version,
            operatingSystem: m.operatingSystem,
            cid,
            sha1: m.sha1,
            cpi: cloud.name,
            apiVersion: m.apiVersion,
          });
        } catch (e) {
          await cloud.cpi.deleteStemcell(cid).catch(() => undefined);
          throw e;
        }
      },
    );
  }
}
