import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { wrapError } from '../../base/errors.js';
import { goJsonMarshal } from '../../base/go-json.js';
import { type ApplySpec } from '../../protocol/agent.js';
import { decodeApplySpec, encodeApplySpec } from '../spec/apply-spec-codec.js';
import { atomicWrite } from '../../adapters/fs/atomic-write.js';

/** `bosh/spec.json` (bosh-agent's V1 spec service): the last applied spec; the zero spec when there is none. */
export class SpecStore {
  constructor(private readonly path: string) {}

  async get(): Promise<ApplySpec> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return decodeApplySpec({});
      throw wrapError(e, 'Reading json spec file');
    }
    try {
      return decodeApplySpec(JSON.parse(text));
    } catch (e) {
      throw wrapError(e, 'Unmarshalling json spec file');
    }
  }

  async set(spec: ApplySpec): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await atomicWrite(this.path, goJsonMarshal(encodeApplySpec(spec)));
    } catch (e) {
      throw wrapError(e, 'Writing spec to disk');
    }
  }
}
