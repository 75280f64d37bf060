import { wrapError } from '../../base/errors.js';
import { parallelDo } from '../../base/work-pool.js';
import type { Op } from '../../core/interpolate/patch/op.js';
import { Pointer } from '../../core/interpolate/patch/pointer.js';
import { RemoveOp } from '../../core/interpolate/patch/remove-op.js';
import { ReplaceOp } from '../../core/interpolate/patch/replace-op.js';
import { StaticVariables } from '../../core/interpolate/static-variables.js';
import { evaluateTemplate } from '../../core/interpolate/template.js';
import { goSlice, goString, unmarshal } from '../../core/release/go-yaml-struct.js';
import { goStruct } from '../../core/release/go-yaml-composite.js';
import { formatVersion, parseVersion } from '../../core/release/index.js';
import type { Director } from '../director-client/director.js';
import type { Ui } from '../ui/ui.js';
import { createRelease } from './create-release.js';
import type { ReleaseTools } from './release-tools.js';
import { uploadableOf, uploadReleaseArchive } from './upload-release.js';
import { uploadReleaseFlow } from './upload-release-flow.js';

const stemcellCodec = goStruct('director.ManifestReleaseStemcell', { os: goString, version: goString });
const manifestCodec = goStruct('director.Manifest', {
  name: goString,
  releases: goSlice(
    goStruct('director.ManifestRelease', {
      name: goString,
      version: goString,
      url: goString,
      sha1: goString,
      stemcell: stemcellCodec,
      exported_from: goSlice(stemcellCodec),
    }),
  ),
});

type ManifestRelease = ReturnType<typeof manifestCodec.zero>['releases'][number];

export interface ConfigReleasesContext {
  readonly director: Director;
  readonly ui: Ui;
  readonly tools: () => Promise<ReleaseTools>;
  readonly fix: boolean;
  readonly parallel: number;
  /** Where relative paths are taken from (bosh-cli leaves the release directory empty). */
  readonly cwd: string;
}

/** The ConfigReleasesContext of a command (deploy, update-runtime-config): its UI, tools, `--parallel` and cwd. */
export function configReleasesOf(
  director: Director,
  ctx: {
    readonly ui: Ui;
    readonly deps: { readonly releaseTools: () => Promise<ReleaseTools>; readonly cwd: string };
    readonly globals: { readonly parallel?: number | undefined };
  },
  fix: boolean,
): ConfigReleasesContext {
  return {
    director,
    ui: ctx.ui,
    tools: () => ctx.deps.releaseTools(),
    fix,
    parallel: ctx.globals.parallel ?? 5,
    cwd: ctx.deps.cwd,
  };
}

/**
 * bosh-cli ReleaseManager.UploadReleases: every release of a runtime config (or deployment manifest) that has a
 * `url` is uploaded unless the director has it; `version: create` builds a timestamped dev release from the
 * directory at the URL first and writes its version into the YAML (dropping the `url`).
 */
export async function uploadConfigReleases(yaml: string, c: ConfigReleasesContext): Promise<string> {
  let releases: ManifestRelease[];
  try {
    try {
      releases = unmarshal(yaml, manifestCodec).releases;
    } catch (e) {
      throw wrapError(e, 'Unmarshalling manifest');
    }
  } catch (e) {
    throw wrapError(e, 'Parsing manifest');
  }
  const ops: Op[] = [];
  try {
    await parallelDo(
      c.parallel,
      releases.map((rel) => async () => {
        ops.push(...(await createAndUpload(rel, c)));
      }),
    );
  } catch (e) {
    throw wrapError(e, 'Creating and uploading releases');
  }
  try {
    return await evaluateTemplate(yaml, ops, new StaticVariables([]), {
      expectAllKeys: false,
      expectAllVarsUsed: false,
    });
  } catch (e) {
    throw wrapError(e, 'Updating manifest with created release versions');
  }
}

async function createAndUpload(rel: ManifestRelease, c: ConfigReleasesContext): Promise<Op[]> {
  if (rel.url === '') return [];
  const version = formatVersion(parseVersion(rel.version));
  const from = rel.exported_from[0];
  let stemcell = from !== undefined ? `${from.os}/${from.version}` : undefined;
  if (rel.stemcell.os !== '') stemcell = `${rel.stemcell.os}/${rel.stemcell.version}`;
  const dir = rel.url.startsWith('file://') ? rel.url.slice('file://'.length) : rel.url;
  if (rel.version === 'create') {
    const tools = await c.tools();
    let created;
    try {
      created = await createRelease(
        { dir, name: rel.name, timestampVersion: true, force: true, final: false, parallel: c.parallel },
        tools,
        c.ui,
      );
    } catch (e) {
      throw wrapError(e, `Processing release '${rel.name}/${rel.version}'`);
    }
    try {
      await uploadReleaseArchive(c.director, uploadableOf(created), { rebase: false, fix: c.fix }, tools);
    } catch (e) {
      throw wrapError(e, `Uploading release '${rel.name}/${rel.version}'`);
    }
    const item = (key: string): Pointer =>
      new Pointer([
        { kind: 'root' },
        { kind: 'key', key: 'releases', optional: false },
        { kind: 'matching-index', key: 'name', value: rel.name, optional: false, modifiers: [] },
        { kind: 'key', key, optional: false },
      ]);
    return [new ReplaceOp(item('version'), created.manifest.version), new RemoveOp(item('url'))];
  }
  try {
    await uploadReleaseFlow(c.director, c.ui, c.tools, {
      url: rel.url,
      dir: c.cwd,
      rebase: false,
      fix: c.fix,
      name: rel.name,
      version,
      sha1: rel.sha1,
      stemcell,
      parallel: c.parallel,
    });
  } catch (e) {
    throw wrapError(e, `Uploading release '${rel.name}/${rel.version}'`);
  }
  return [];
}
