/** The first table of a `bosh ... --json` run (bosh-cli's `{"Tables": [{"Rows": [...]}]}`), as rows of cells. */
export function tableRows(run: { readonly stdout: string }): Record<string, string>[] {
  return (JSON.parse(run.stdout) as { Tables: { Rows: Record<string, string>[] }[] }).Tables[0]?.Rows ?? [];
}
