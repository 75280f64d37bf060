import { BoshError } from '../../core/errors.js';

/** What the API stores with each release/stemcell task (`TaskRecord.payload`), decoded by the job. */

/** An upload is either a file the API streamed to disk (`tarballPath`) or a URL the job downloads (`location`). */
export type UploadSource =
  | { readonly tarballPath: string; readonly location?: undefined }
  | { readonly location: string; readonly tarballPath?: undefined };

export type UpdateReleasePayload = UploadSource & {
  readonly fix: boolean;
  readonly rebase: boolean;
  /** The digest the upload must have (`--sha1`): 40-hex SHA-1, `sha256:<hex>`, `;`-joined lists. */
  readonly sha1?: string;
  /** The CLI's `--name`/`--version`: not used by the director (the manifest's are). */
  readonly name?: string;
  readonly version?: string;
};

export interface DeleteReleasePayload {
  readonly name: string;
  readonly version?: string;
  readonly force: boolean;
}

export type UpdateStemcellPayload = UploadSource & { readonly fix: boolean; readonly sha1?: string };

export interface DeleteStemcellPayload {
  readonly name: string;
  readonly version: string;
  readonly force: boolean;
}

type Fields = Readonly<Record<string, unknown>>;

function fields(payload: unknown, type: string): Fields {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new BoshError('DirectorError', `Invalid ${type} task payload: expected an object`);
  }
  return payload as Fields;
}

function str(f: Fields, key: string, type: string): string | undefined {
  const v = f[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new BoshError('DirectorError', `Invalid ${type} task payload: '${key}'`);
  return v;
}

function required(f: Fields, key: string, type: string): string {
  const v = str(f, key, type);
  if (v === undefined)
    throw new BoshError('DirectorError', `Invalid ${type} task payload: '${key}' is missing`);
  return v;
}

const flag = (f: Fields, key: string): boolean => f[key] === true;

function source(f: Fields, type: string): UploadSource {
  const tarballPath = str(f, 'tarballPath', type);
  const location = str(f, 'location', type);
  if ((tarballPath === undefined) === (location === undefined)) {
    throw new BoshError(
      'DirectorError',
      `Invalid ${type} task payload: needs one of 'tarballPath', 'location'`,
    );
  }
  return tarballPath !== undefined ? { tarballPath } : { location: location as string };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

export function decodeUpdateReleasePayload(payload: unknown): UpdateReleasePayload {
  const type = 'update_release';
  const f = fields(payload, type);
  return {
    ...source(f, type),
    fix: flag(f, 'fix'),
    rebase: flag(f, 'rebase'),
    ...optional('sha1', str(f, 'sha1', type)),
    ...optional('name', str(f, 'name', type)),
    ...optional('version', str(f, 'version', type)),
  };
}

export function decodeDeleteReleasePayload(payload: unknown): DeleteReleasePayload {
  const type = 'delete_release';
  const f = fields(payload, type);
  return {
    name: required(f, 'name', type),
    ...optional('version', str(f, 'version', type)),
    force: flag(f, 'force'),
  };
}

export function decodeUpdateStemcellPayload(payload: unknown): UpdateStemcellPayload {
  const type = 'update_stemcell';
  const f = fields(payload, type);
  return { ...source(f, type), fix: flag(f, 'fix'), ...optional('sha1', str(f, 'sha1', type)) };
}

export function decodeDeleteStemcellPayload(payload: unknown): DeleteStemcellPayload {
  const type = 'delete_stemcell';
  const f = fields(payload, type);
  return { name: required(f, 'name', type), version: required(f, 'version', type), force: flag(f, 'force') };
}
