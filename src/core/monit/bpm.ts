import { GoFloat, isMap, isSeq, type YamlScalar, type YamlValue } from '../../base/yaml/value.js';

/** The job and process a bpm shim names: `/var/vcap/jobs/bpm/bin/bpm start <job> [-p <process>]`. */
export interface BpmShim {
  readonly job: string;
  readonly process: string;
}

const BPM_BIN = '/var/vcap/jobs/bpm/bin/bpm';

/** Recognises the standard bpm monit shim for `verb` (start or stop); the process defaults to the job name. */
export function parseBpmCommand(command: string, verb: 'start' | 'stop'): BpmShim | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== BPM_BIN || words[1] !== verb) return undefined;
  let job: string | undefined;
  let process: string | undefined;
  for (let i = 2; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-p' || w === '--process') process = words[++i];
    else if (w.startsWith('--process=')) process = w.slice('--process='.length);
    else if (w.startsWith('-p') && w.length > 2) process = w.slice(2);
    else if (w.startsWith('-') || job !== undefined) return undefined;
    else job = w;
  }
  if (job === undefined || process === '') return undefined;
  return { job, process: process ?? job };
}

export interface BpmLimits {
  readonly memoryBytes?: number;
  readonly openFiles?: number;
  readonly processes?: number;
  readonly coreFileSize?: number;
}

/** One `processes[]` entry of a job's `config/bpm.yml` (the parts a bpm-less supervisor can honour). */
export interface BpmProcess {
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly workdir?: string;
  readonly preStart?: string;
  readonly limits: BpmLimits;
  readonly shutdownSignal: 'TERM' | 'INT';
}

export class BpmConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BpmConfigError';
  }
}

/** Decodes and validates a parsed bpm.yml with bpm's own checks and messages (`invalid config: executable`). */
export function parseBpmConfig(doc: YamlValue): BpmProcess[] {
  if (doc === null) return [];
  if (!isMap(doc)) throw new BpmConfigError('bpm.yml must be a map with a `processes` list');
  const processes = doc.get('processes') ?? null;
  if (processes === null) return [];
  if (!isSeq(processes)) throw new BpmConfigError('`processes` must be a list');
  return processes.map((p, i) => parseProcess(p, i));
}

function parseProcess(p: YamlValue, index: number): BpmProcess {
  if (!isMap(p)) throw new BpmConfigError(`processes[${index}] must be a map`);
  const str = (key: string): string | undefined => {
    const v = p.get(key) ?? null;
    if (v === null) return undefined;
    if (isMap(v) || isSeq(v)) throw new BpmConfigError(`processes[${index}].${key} must be a string`);
    return scalarText(v);
  };
  const name = str('name') ?? '';
  if (name === '') throw new BpmConfigError('invalid config: name');
  const executable = str('executable') ?? '';
  if (executable === '') throw new BpmConfigError('invalid config: executable');
  const signal = str('shutdown_signal') ?? '';
  if (signal !== '' && signal !== 'TERM' && signal !== 'INT') {
    throw new BpmConfigError(
      `shutdown signal should either be 'TERM' or 'INT' (or left unspecified), but got '${signal}'`,
    );
  }
  const workdir = str('workdir');
  const hooks = p.get('hooks') ?? null;
  const preStart = hooks !== null && isMap(hooks) ? hooks.get('pre_start') : undefined;
  return {
    name,
    executable,
    args: stringList(p.get('args') ?? null, `processes[${index}].args`),
    env: envPairs(p.get('env') ?? null, index),
    ...(workdir !== undefined && workdir !== '' ? { workdir } : {}),
    ...(typeof preStart === 'string' && preStart !== '' ? { preStart } : {}),
    limits: parseLimits(p.get('limits') ?? null, index),
    shutdownSignal: signal === 'INT' ? 'INT' : 'TERM',
  };
}

function stringList(v: YamlValue, what: string): string[] {
  if (v === null) return [];
  if (!isSeq(v)) throw new BpmConfigError(`${what} must be a list`);
  return v.map((item) => {
    if (item === null || isMap(item) || isSeq(item)) throw new BpmConfigError(`${what} must hold strings`);
    return scalarText(item);
  });
}

function envPairs(v: YamlValue, index: number): [string, string][] {
  if (v === null) return [];
  if (!isMap(v)) throw new BpmConfigError(`processes[${index}].env must be a map`);
  return [...v].map(([k, val]) => {
    if (isMap(val) || isSeq(val)) throw new BpmConfigError(`processes[${index}].env values must be strings`);
    return [k === null ? '' : scalarText(k), val === null ? '' : scalarText(val)];
  });
}

function parseLimits(v: YamlValue, index: number): BpmLimits {
  if (v === null) return {};
  if (!isMap(v)) throw new BpmConfigError(`processes[${index}].limits must be a map`);
  const int = (key: string): number | undefined => {
    const x = v.get(key) ?? null;
    if (x === null) return undefined;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw new BpmConfigError(`processes[${index}].limits.${key} must be a non-negative integer`);
    }
    return x;
  };
  const memory = v.get('memory') ?? null;
  if (isMap(memory) || isSeq(memory))
    throw new BpmConfigError(`processes[${index}].limits.memory must be a string`);
  const memoryBytes = memory === null ? undefined : bpmBytes(scalarText(memory));
  const openFiles = int('open_files');
  const processes = int('processes');
  const coreFileSize = int('core_file_size');
  return {
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
    ...(openFiles !== undefined ? { openFiles } : {}),
    ...(processes !== undefined ? { processes } : {}),
    ...(coreFileSize !== undefined ? { coreFileSize } : {}),
  };
}

const MULTIPLES: Record<string, number> = {
  B: 1,
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40,
  P: 2 ** 50,
};

/** bytefmt.ToBytes as bpm uses it for `limits.memory`: `256M`, `1.5G`, `1GB`, `1GiB`. */
export function bpmBytes(text: string): number {
  const s = text.trim().toUpperCase();
  const i = s.search(/[A-Z]/);
  const amount = i < 0 ? NaN : Number(s.slice(0, i));
  const unit = i < 0 ? '' : s.slice(i).replace(/I?B$/, '');
  const multiple = MULTIPLES[unit === '' ? 'B' : unit];
  if (i <= 0 || Number.isNaN(amount) || amount < 0 || multiple === undefined) {
    throw new BpmConfigError(
      'byte quantity must be a positive integer with a unit of measurement like M, MB, MiB, G, GiB, or GB',
    );
  }
  return Math.floor(amount * multiple);
}

function scalarText(v: YamlScalar): string {
  if (v instanceof GoFloat) return String(v.value);
  return v === null ? '' : String(v);
}
