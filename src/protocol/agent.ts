/**
 * The agent message protocol (bosh-agent `handler/*`, `agent/action/*`): envelopes, the long-running task value,
 * the apply spec, the get_state value and update_settings, with decoders. Decoding follows Go's encoding/json as
 * the agent uses it: unknown fields are ignored, `null` leaves the zero value, a mismatch fails with Go's text
 * (`json: cannot unmarshal number into Go struct field V1ApplySpec.deployment of type string`). Encoded forms keep
 * the field order of the agent's Go structs and sort map keys, as its json.Marshal does.
 */
import type { GoJson } from '../base/go-json.js';

export type AgentValue = GoJson;

/** `{"protocol":3,"method":…,"arguments":[…],"reply_to":…}`; the CLI sends no protocol (0). */
export interface AgentRequest {
  readonly method: string;
  /** As received; the runner reports a non-array when it extracts the arguments. */
  readonly arguments: unknown;
  readonly reply_to: string;
  readonly protocol: number;
}

export type AgentResponse =
  { readonly value: AgentValue } | { readonly exception: { readonly message: string } };

/** What an asynchronous action answers at once, and `get_task` while the task runs. */
export interface TaskStateValue {
  readonly agent_task_id: string;
  readonly state: 'running';
}

// ---- Go encoding/json ------------------------------------------------------------------------------------------

export class GoJsonError extends Error {
  override readonly name = 'GoJsonError';
}

/** Where a value sits: the Go struct holding it and the field path from the root, or only the root's Go type. */
export interface At {
  readonly rootType: string;
  readonly struct?: string;
  readonly path: readonly string[];
}

export const root = (goType: string): At => ({ rootType: goType, path: [] });
export const field = (at: At, struct: string, name: string): At => ({
  ...at,
  struct,
  path: [...at.path, name],
});

export function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

export function mismatch(v: unknown, at: At, goType: string, valueText = kind(v)): GoJsonError {
  const into =
    at.struct === undefined
      ? `Go value of type ${at.rootType}`
      : `Go struct field ${at.struct}.${at.path.join('.')} of type ${goType}`;
  return new GoJsonError(`json: cannot unmarshal ${valueText} into ${into}`);
}

const absent = (v: unknown): v is null | undefined => v === null || v === undefined;

export function str(v: unknown, at: At): string {
  if (absent(v)) return '';
  if (typeof v !== 'string') throw mismatch(v, at, 'string');
  return v;
}

export function int(v: unknown, at: At): number {
  if (absent(v)) return 0;
  if (typeof v !== 'number') throw mismatch(v, at, 'int');
  if (!Number.isInteger(v)) throw mismatch(v, at, 'int', `number ${v}`);
  return v;
}

export function bool(v: unknown, at: At): boolean {
  if (absent(v)) return false;
  if (typeof v !== 'boolean') throw mismatch(v, at, 'bool');
  return v;
}

export function struct(v: unknown, at: At, goType: string): Readonly<Record<string, unknown>> {
  if (absent(v)) return {};
  if (!isObject(v)) throw mismatch(v, at, goType);
  return v;
}

/** A Go map (nil when null or absent), keys sorted as json.Marshal writes them. */
export function map<T>(
  v: unknown,
  at: At,
  goType: string,
  item: (x: unknown, key: string) => T,
): Record<string, T> | null {
  if (absent(v)) return null;
  if (!isObject(v)) throw mismatch(v, at, goType);
  const out: Record<string, T> = {};
  for (const key of Object.keys(v).sort()) out[key] = item(v[key], key);
  return out;
}

/** A Go slice (nil when null or absent). */
export function slice<T>(v: unknown, at: At, goType: string, item: (x: unknown) => T): T[] | null {
  if (absent(v)) return null;
  if (!Array.isArray(v)) throw mismatch(v, at, goType);
  return v.map(item);
}

/** An `interface{}` as Go re-marshals it: object keys sorted. */
export function goValue(v: unknown): AgentValue {
  if (Array.isArray(v)) return v.map(goValue);
  if (isObject(v)) {
    const out: Record<string, AgentValue> = {};
    for (const key of Object.keys(v).sort()) out[key] = goValue(v[key]);
    return out;
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

/** A `map[string]interface{}` value: any non-object is the empty map. */
export function goObject(v: unknown): Readonly<Record<string, AgentValue>> {
  const out: Record<string, AgentValue> = {};
  if (isObject(v)) for (const key of Object.keys(v).sort()) out[key] = goValue(v[key]);
  return out;
}

// ---- envelope ----------------------------------------------------------------------------------------------

/** `handler.Request` from a body; an error here is the HTTPS handler's 500 (`Unmarshalling JSON payload`). */
export function decodeAgentRequest(body: string): AgentRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    throw new GoJsonError(e instanceof Error ? e.message : String(e));
  }
  const at = root('handler.Request');
  const o = struct(raw, at, 'handler.Request');
  return {
    method: str(o['method'], field(at, 'Request', 'Method')),
    arguments: o['arguments'],
    reply_to: str(o['reply_to'], field(at, 'Request', 'reply_to')),
    protocol: int(o['protocol'], field(at, 'Request', 'protocol')),
  };
}

/** The runner's first step: the `arguments` array (absent or null: no arguments). */
export function extractArguments(args: unknown): readonly unknown[] {
  if (absent(args)) return [];
  if (!Array.isArray(args)) {
    throw new GoJsonError(
      `Unmarshalling payload arguments to interface{} types: json: cannot unmarshal ${kind(args)} into Go struct field payloadType.arguments of type []interface {}`,
    );
  }
  return args;
}

// ---- apply spec (agent/applier/applyspec/*) ------------------------------------------------------------------

export interface JobTemplateSpec {
  readonly name: string;
  readonly version: string;
}

export interface JobSpec {
  readonly name: string | null;
  readonly release: string;
  readonly template: string;
  readonly version: string;
  readonly templates: readonly JobTemplateSpec[] | null;
}

export interface PackageSpec {
  readonly name: string;
  readonly version: string;
  /** A multiple-digest string (`<sha1 hex>`, `sha256:<hex>`, `;`-joined). */
  readonly sha1: string;
  readonly blobstore_id: string;
  readonly signed_url: string;
  readonly blobstore_headers: Readonly<Record<string, string>> | null;
}

export interface RenderedTemplatesArchiveSpec {
  readonly sha1: string;
  readonly blobstore_id: string;
}

/** V1ApplySpec: the fields the agent keeps (spec.json, get_state); others the director sends are dropped. */
export interface ApplySpec {
  readonly properties: { readonly logging: { readonly max_log_file_size: string } };
  readonly job: JobSpec;
  readonly packages: Readonly<Record<string, PackageSpec>> | null;
  readonly configuration_hash: string;
  /** Per network the hash as sent (the director compares it with what it sent). */
  readonly networks: Readonly<Record<string, Readonly<Record<string, AgentValue>>>> | null;
  readonly resource_pool: AgentValue;
  readonly deployment: string;
  readonly name: string;
  readonly index: number | null;
  readonly id: string;
  readonly az: string;
  readonly persistent_disk: number;
  readonly rendered_templates_archive: RenderedTemplatesArchiveSpec | null;
}

// ---- get_state (agent/action/get_state.go, jobsupervisor.Process, platform/vitals) --------------------------

export type JobState = 'running' | 'failing' | 'starting' | 'stopped' | 'unknown';

export type ProcessState = {
  readonly name: string;
  readonly state: 'running' | 'failing' | 'starting' | 'unknown';
  readonly uptime: { readonly secs?: number };
  readonly mem: { readonly kb?: number; readonly percent: number };
  readonly cpu: { readonly total: number };
};

/** Strings formatted as the agent does (`%.2f` loads, `%.1f` cpu, whole-number percents, kB counts). */
export type Vitals = {
  readonly cpu: { readonly sys?: string; readonly user?: string; readonly wait?: string };
  readonly disk?: Readonly<Record<string, { readonly inode_percent?: string; readonly percent?: string }>>;
  readonly load?: readonly string[];
  readonly mem: { readonly kb?: string; readonly percent?: string };
  readonly swap: { readonly kb?: string; readonly percent?: string };
  readonly uptime: { readonly secs?: number };
};

// ---- update_settings (settings/update_settings.go) ----------------------------------------------------------

export interface UpdateSettings {
  readonly blobstores: readonly { readonly provider: string; readonly options: AgentValue }[] | null;
  readonly disk_associations: readonly { readonly name: string; readonly cid: string }[] | null;
  readonly mbus: {
    readonly cert: { readonly ca: string; readonly certificate: string; readonly private_key: string };
    readonly urls: readonly string[] | null;
  };
  readonly trusted_certs: string;
}
