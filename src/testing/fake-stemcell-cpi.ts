import { readFile } from 'node:fs/promises';
import type { StemcellCpi } from '../director/jobs/cpi.js';

/** A CPI for the stemcell jobs' tests: records calls (with the image's content), hands out `stemcell-<n>` cids. */
export class FakeStemcellCpi implements StemcellCpi {
  readonly created: Array<{ image: string; cloudProperties: unknown; env: unknown }> = [];
  readonly deleted: string[] = [];
  failCreate: Error | undefined;
  failDelete: Error | undefined;
  private next = 1;

  constructor(private readonly formats?: readonly string[]) {}

  async createStemcell(imagePath: string, cloudProperties: Readonly<Record<string, unknown>>, env?: unknown) {
    if (this.failCreate) throw this.failCreate;
    this.created.push({ image: await readFile(imagePath, 'utf8'), cloudProperties, env });
    return `stemcell-${this.next++}`;
  }

  deleteStemcell(cid: string): Promise<void> {
    if (this.failDelete) return Promise.reject(this.failDelete);
    this.deleted.push(cid);
    return Promise.resolve();
  }

  info(): Promise<{ readonly stemcell_formats?: readonly string[] }> {
    return Promise.resolve(this.formats === undefined ? {} : { stemcell_formats: this.formats });
  }
}
