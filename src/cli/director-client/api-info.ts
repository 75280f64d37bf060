import { wrapError } from '../../base/errors.js';
import { DirectorStatusError } from './client-request.js';
import type { Director } from './director.js';
import { bool, field, record, str } from './json-fields.js';

/** GET /info as bosh-cli's director.Info keeps it. */
export interface DirectorInfo {
  readonly name: string;
  readonly uuid: string;
  readonly version: string;
  readonly user: string;
  readonly authType: string;
  readonly authOptions: Readonly<Record<string, unknown>>;
  /** Feature name to its status. */
  readonly features: ReadonlyMap<string, boolean>;
  readonly cpi: string;
  readonly stemcellOs: string;
  readonly stemcellVersion: string;
}

export async function fetchInfo(d: Director): Promise<DirectorInfo> {
  let r: unknown;
  try {
    r = await d.req.get('/info');
  } catch (e) {
    throw wrapError(e, 'Fetching info');
  }
  const auth = record(r, 'user_authentication');
  const features = new Map<string, boolean>();
  for (const [name, feature] of Object.entries(record(r, 'features') ?? {})) {
    features.set(name, bool(feature, 'status'));
  }
  return {
    name: str(r, 'name'),
    uuid: str(r, 'uuid'),
    version: str(r, 'version'),
    user: str(r, 'user'),
    authType: str(auth, 'type'),
    authOptions: record(auth, 'options') ?? {},
    features,
    cpi: str(r, 'cpi'),
    stemcellOs: str(r, 'stemcell_os'),
    stemcellVersion: str(r, 'stemcell_version'),
  };
}

export interface CertificateExpiry {
  readonly path: string;
  readonly expiry: string;
  readonly daysLeft: number;
}

/** GET /director/certificate_expiry (`env --details`). */
export async function fetchCertificateExpiry(d: Director): Promise<CertificateExpiry[]> {
  let r: unknown;
  try {
    r = JSON.parse((await d.req.raw('GET', '/director/certificate_expiry')).toString('utf8')) as unknown;
  } catch (e) {
    const unsupported = e instanceof DirectorStatusError && e.status === 404;
    const message = e instanceof SyntaxError ? 'unexpected end of JSON input' : undefined;
    throw wrapError(
      message === undefined ? e : new Error(message),
      unsupported
        ? 'Certificate expiry information not supported'
        : 'Getting certificate expiry endpoint error',
    );
  }
  return (Array.isArray(r) ? (r as unknown[]) : []).map((c) => ({
    path: str(c, 'certificate_path'),
    expiry: str(c, 'expiry'),
    daysLeft: typeof field(c, 'days_left') === 'number' ? Math.trunc(field(c, 'days_left') as number) : 0,
  }));
}
