/**
 * What the stemcell jobs need of a CPI (the external CPI's `create_stemcell`, `delete_stemcell`, `info`); the
 * director app wires the real external CPI client, tests use a fake.
 */
export interface StemcellCpi {
  /** `create_stemcell(image_path, cloud_properties, {"tags" => …})`: the new stemcell's cid. */
  createStemcell(
    imagePath: string,
    cloudProperties: Readonly<Record<string, unknown>>,
    env?: { readonly tags: Readonly<Record<string, string>> },
  ): Promise<string>;
  deleteStemcell(cid: string): Promise<void>;
  /**
   * `info`: the stemcell formats the CPI takes (an upload is skipped for a CPI whose formats do not meet the
   * stemcell's). A CPI without it, or failing it, is assumed to take any stemcell.
   */
  info?(): Promise<{ readonly stemcell_formats?: readonly string[] }>;
}

/** A configured CPI: `''` is the default one (no cpi config), else the name from the cpi config. */
export interface NamedCpi {
  readonly name: string;
  readonly cpi: StemcellCpi;
}
