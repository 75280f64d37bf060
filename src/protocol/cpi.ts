/**
 * CPI wire protocol (reference agent-and-cpi.md §4): one JSON request on the CPI's stdin, one JSON response on its
 * stdout. Field names are snake_case as on the wire. Decoders take `unknown` and never throw.
 */

/** Methods of CPI API v2 that a CPI may implement (§4.2). */
export const CPI_METHODS = [
  'info',
  'create_stemcell',
  'delete_stemcell',
  'create_vm',
  'delete_vm',
  'has_vm',
  'reboot_vm',
  'set_vm_metadata',
  'set_disk_metadata',
  'calculate_vm_cloud_properties',
  'create_disk',
  'delete_disk',
  'has_disk',
  'attach_disk',
  'detach_disk',
  'get_disks',
  'resize_disk',
  'update_disk',
  'snapshot_disk',
  'delete_snapshot',
] as const;
export type CpiMethod = (typeof CPI_METHODS)[number];

/** Error types the director knows (`Bosh::Clouds::*`), plus the bosh-cpi-ruby types for bad requests. */
export type CpiErrorType =
  | 'Bosh::Clouds::CpiError'
  | 'Bosh::Clouds::NotSupported'
  | 'Bosh::Clouds::NotImplemented'
  | 'Bosh::Clouds::CloudError'
  | 'Bosh::Clouds::VMNotFound'
  | 'Bosh::Clouds::NetworkNotFound'
  | 'Bosh::Clouds::NoDiskSpace'
  | 'Bosh::Clouds::DiskNotAttached'
  | 'Bosh::Clouds::DiskNotFound'
  | 'Bosh::Clouds::VMCreationFailed'
  | 'InvalidCall'
  | 'Unknown';

/** Whether `e` is a CPI error of `type`, as the director's CPI client raises it (an error with the CPI's `type`). */
export function isCpiError(e: unknown, type: CpiErrorType): boolean {
  return (e as { type?: unknown } | null)?.type === type;
}

export interface CpiError {
  readonly type: string;
  readonly message: string;
  readonly ok_to_retry: boolean;
}

export interface CpiResponse {
  readonly result: unknown;
  readonly error: CpiError | null;
  readonly log: string;
}

/** `context`: director uuid, request id, stemcell api version, and cpi-config properties merged at the top. */
export interface CpiContext {
  readonly director_uuid: string;
  readonly request_id?: string;
  readonly vm?: { readonly stemcell?: { readonly api_version?: number } };
  readonly [property: string]: unknown;
}

export interface CpiRequest {
  readonly method: string;
  readonly arguments: readonly unknown[];
  readonly context: CpiContext;
  /** Absent in CPI API v1 requests. */
  readonly api_version?: number;
}

/** One network of `create_vm` (the director's network settings hash, also the apply spec's). */
export interface CpiNetwork {
  readonly type?: string;
  readonly ip?: string;
  readonly netmask?: string;
  readonly gateway?: string;
  readonly prefix?: string;
  readonly dns?: readonly string[];
  readonly default?: readonly string[];
  readonly cloud_properties?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/** Settings a CPI hands to the agent of a new VM (reference §2, §6; bosh-cpi-go AgentEnv). */
export interface AgentSettings {
  readonly agent_id: string;
  readonly vm: { readonly name: string; readonly id: string };
  readonly mbus: string;
  readonly ntp: readonly string[];
  readonly blobstore?: { readonly provider: string; readonly options: Readonly<Record<string, unknown>> };
  readonly networks: Readonly<Record<string, CpiNetwork>>;
  readonly disks: {
    readonly system: string;
    readonly ephemeral: string;
    readonly persistent: Readonly<Record<string, unknown>>;
  };
  readonly env: Readonly<Record<string, unknown>>;
}

export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CpiError };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): { ok: false; error: CpiError } {
  return { ok: false, error: { type: 'InvalidCall', message, ok_to_retry: false } };
}

/** Decodes a request as bosh-cpi-ruby's `Bosh::Cpi::Cli#run` checks it, with its error messages. */
export function decodeCpiRequest(text: string): Decoded<CpiRequest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return invalid(`Request cannot be deserialized, details: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(parsed)) return invalid(`Request cannot be deserialized, details: not a JSON object`);
  const method = parsed.method;
  if (typeof method !== 'string') {
    return invalid(
      `Method must be a String, got: '${method === undefined ? 'nil' : JSON.stringify(method)}'`,
    );
  }
  const args = parsed.arguments;
  if (!Array.isArray(args)) return invalid('Arguments must be an Array');
  const context = parsed.context;
  if (!isRecord(context) || typeof context.director_uuid !== 'string') {
    return invalid('Request should include context with director uuid');
  }
  const apiVersion = parsed.api_version;
  if (apiVersion !== undefined && apiVersion !== null) {
    if (typeof apiVersion !== 'number' || !Number.isInteger(apiVersion) || apiVersion < 1) {
      return invalid(`api_version must be a positive Integer, got: '${JSON.stringify(apiVersion)}'`);
    }
  }
  const request: CpiRequest = {
    method,
    arguments: args as readonly unknown[],
    context: context as CpiContext,
    ...(typeof apiVersion === 'number' ? { api_version: apiVersion } : {}),
  };
  return { ok: true, value: request };
}

/** Decodes a CPI response as the director's Membrane schema does: `result`, `error` and `log` all present. */
export function decodeCpiResponse(text: string): Decoded<CpiResponse> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid(`Received response with invalid JSON: ${text}`);
  }
  if (!isRecord(parsed) || !('result' in parsed) || typeof parsed.log !== 'string') {
    return invalid(`Received response with invalid schema: ${text}`);
  }
  const error = parsed.error;
  if (error === null || error === undefined)
    return { ok: true, value: { result: parsed.result, error: null, log: parsed.log } };
  if (
    !isRecord(error) ||
    typeof error.type !== 'string' ||
    typeof error.message !== 'string' ||
    typeof error.ok_to_retry !== 'boolean'
  ) {
    return invalid(`Received response with invalid schema: ${text}`);
  }
  return {
    ok: true,
    value: {
      result: parsed.result,
      error: { type: error.type, message: error.message, ok_to_retry: error.ok_to_retry },
      log: parsed.log,
    },
  };
}

/** Decodes `create_vm`'s networks argument: a hash of network name to network settings hash (nulls dropped). */
export function decodeCpiNetworks(value: unknown): Decoded<Readonly<Record<string, CpiNetwork>>> {
  if (!isRecord(value)) return invalid('networks must be a Hash');
  const networks: Record<string, CpiNetwork> = {};
  for (const [name, network] of Object.entries(value)) {
    if (!isRecord(network)) return invalid(`network '${name}' must be a Hash`);
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(network)) {
      if (field === null && STRING_FIELDS.has(key)) continue;
      if (STRING_FIELDS.has(key) && typeof field !== 'string') {
        return invalid(`network '${name}' ${key} must be a String`);
      }
      copy[key] = field;
    }
    networks[name] = copy;
  }
  return { ok: true, value: networks };
}

const STRING_FIELDS: ReadonlySet<string> = new Set(['type', 'ip', 'netmask', 'gateway']);
