import { wrapError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import { redactBasicAuth } from './api-releases.js';
import type { Director } from './director.js';
import { withQuery } from './go-url.js';
import { bool, list, str } from './json-fields.js';

export interface StemcellInfo {
  readonly name: string;
  readonly version: string;
  readonly operatingSystem: string;
  readonly cid: string;
  readonly cpi: string;
  readonly currentlyDeployed: boolean;
}

export async function stemcells(d: Director): Promise<StemcellInfo[]> {
  let r: unknown;
  try {
    r = await d.req.get('/stemcells');
  } catch (e) {
    throw wrapError(e, 'Finding stemcells');
  }
  return list(r).map((s) => ({
    name: str(s, 'name'),
    version: str(s, 'version'),
    operatingSystem: str(s, 'operating_system'),
    cid: str(s, 'cid'),
    cpi: str(s, 'cpi'),
    currentlyDeployed: list(s, 'deployments').length > 0,
  }));
}

/** POST /stemcell_uploads: whether the director (each of its CPIs) still needs this stemcell. */
export async function stemcellNeedsUpload(d: Director, name: string, version: string): Promise<boolean> {
  const body = goJsonMarshal({ stemcell: { name, version } });
  try {
    return bool(
      await d.req.post('/stemcell_uploads', body, { 'Content-Type': 'application/json' }),
      'needed',
    );
  } catch (e) {
    throw wrapError(e, 'Finding stemcells');
  }
}

const uploadPath = (fix: boolean): string => withQuery('/stemcells', fix ? [['fix', 'true']] : []);

export async function uploadStemcellUrl(d: Director, url: string, sha1: string, fix: boolean): Promise<void> {
  if (url === '') throw new Error('Expected non-empty URL');
  const body = goJsonMarshal(sha1 !== '' ? { location: url, sha1 } : { location: url });
  try {
    await d.tasks.postResult(uploadPath(fix), { body, headers: { 'Content-Type': 'application/json' } });
  } catch (e) {
    throw wrapError(e, `Uploading remote stemcell '${redactBasicAuth(url)}'`);
  }
}

export async function uploadStemcellFile(
  d: Director,
  file: string,
  size: number,
  fix: boolean,
): Promise<void> {
  try {
    await d.uploadFile(uploadPath(fix), file, size);
  } catch (e) {
    throw wrapError(e, 'Uploading stemcell file');
  }
}

/** DELETE /stemcells/<name>/<version>; a failure is ignored when the stemcell is gone anyway. */
export async function deleteStemcell(
  d: Director,
  name: string,
  version: string,
  force: boolean,
): Promise<void> {
  try {
    await d.tasks.deleteResult(withQuery(`/stemcells/${name}/${version}`, force ? [['force', 'true']] : []));
  } catch (e) {
    const err = wrapError(e, `Deleting stemcell '${name}/${version}'`);
    let found: boolean;
    try {
      found = (await stemcells(d)).some((s) => s.name === name && s.version === version);
    } catch {
      throw err;
    }
    if (found) throw err;
  }
}
