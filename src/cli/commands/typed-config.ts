import { wrapError } from '../../base/errors.js';
import { latestTypedConfig, postConfigDiff, updateTypedConfig } from '../director-client/api-config-diff.js';
import type { Director } from '../director-client/director.js';
import { withQuery } from '../director-client/go-url.js';
import { evaluateWithFlags } from '../evaluate-flags.js';
import type { CliDeps } from './command.js';
import type { OpsFlags } from '../ops-flags.js';
import type { Ui } from '../ui/ui.js';
import type { VarFlags } from '../var-flags.js';
import { printDiff } from './config-diff.js';

/** The legacy typed config endpoints (`/cloud_configs`, `/runtime_configs`, `/cpi_configs`). */
export interface TypedConfigKind {
  /** `cloud`, `runtime`, `cpi`: `Evaluating cloud config`. */
  readonly label: string;
  readonly path: string;
  /** `Finding cloud configs`, `Updating cloud config`. */
  readonly plural: string;
  readonly singular: string;
  /** bosh-cli sends `?name=` to all but the CPI config. */
  readonly named: boolean;
}

export const CLOUD: TypedConfigKind = {
  label: 'cloud',
  path: '/cloud_configs',
  plural: 'cloud configs',
  singular: 'cloud config',
  named: true,
};
export const RUNTIME: TypedConfigKind = {
  label: 'runtime',
  path: '/runtime_configs',
  plural: 'runtime configs',
  singular: 'runtime config',
  named: true,
};
export const CPI: TypedConfigKind = {
  label: 'cpi',
  path: '/cpi_configs',
  plural: 'CPI configs',
  singular: 'CPI config',
  named: false,
};

/** The latest config's YAML, or undefined when there is none. */
export function showTypedConfig(
  d: Director,
  kind: TypedConfigKind,
  name: string,
): Promise<string | undefined> {
  const path = kind.named
    ? withQuery(kind.path, [
        ['name', name],
        ['limit', '1'],
      ])
    : `${kind.path}?limit=1`;
  return latestTypedConfig(d, path, `Finding ${kind.plural}`);
}

export interface TypedUpdate {
  readonly template: string;
  readonly flags: VarFlags & OpsFlags;
  readonly name: string;
  /** `--no-redact` (runtime and CPI configs): `redact=false` on the diff. */
  readonly noRedact: boolean;
  /** Between the diff and the confirmation (runtime config: upload its releases, maybe rewriting it). */
  readonly beforeConfirm?: (yaml: string) => Promise<string>;
}

/** update-{cloud,runtime,cpi}-config: interpolate, show the diff, (upload releases,) ask, post the YAML. */
export async function updateTypedConfigFlow(
  d: Director,
  kind: TypedConfigKind,
  u: TypedUpdate,
  ui: Ui,
  deps: Pick<CliDeps, 'fs' | 'credentials'>,
): Promise<void> {
  let yaml: string;
  try {
    yaml = await evaluateWithFlags(u.template, u.flags, deps);
  } catch (e) {
    throw wrapError(e, `Evaluating ${kind.label} config`);
  }
  const query: [string, string][] = kind.named ? [['name', u.name]] : [];
  if (u.noRedact) query.push(['redact', 'false']);
  const diff = await postConfigDiff(d, withQuery(`${kind.path}/diff`, query), yaml, {
    'Content-Type': 'text/yaml',
  });
  printDiff(ui, diff.diff);
  if (u.beforeConfirm) yaml = await u.beforeConfirm(yaml);
  await ui.askForConfirmation();
  const path = kind.named ? withQuery(kind.path, [['name', u.name]]) : kind.path;
  await updateTypedConfig(d, path, yaml, `Updating ${kind.singular}`);
}
