import { parseYaml } from '../../../base/yaml/parse.js';
import type { DirectorStore } from '../../../ports/director-store.js';
import type { TaskContext } from '../../tasks/task-context.js';
import type { NamedCpi } from '../cpi.js';
import { rubyInspect, rubyToS } from '../../../base/ruby-inspect.js';
import { entry } from '../ruby-values.js';

/** ` (cpi: <name>)` after task names for a named CPI; nothing for the default one. */
export const cpiSuffix = (cpi: string): string => (cpi === '' ? '' : ` (cpi: ${cpi})`);

/**
 * `UpdateStemcell#is_supported?`: a CPI takes the stemcell unless both it (`info.stemcell_formats`) and the
 * stemcell (`stemcell_formats`) list formats and none is common. A CPI without `info`, or failing it, takes it.
 */
export async function cpiSupports(
  ctx: TaskContext,
  cloud: NamedCpi,
  formats: readonly string[] | undefined,
): Promise<boolean> {
  if (cloud.cpi.info === undefined) {
    ctx.debug(`info method is not supported by cpi${cpiSuffix(cloud.name)}`);
    return true;
  }
  try {
    const cpiFormats = (await cloud.cpi.info()).stemcell_formats;
    if (formats !== undefined && cpiFormats !== undefined) return formats.some((f) => cpiFormats.includes(f));
    ctx.debug('There is no enough information to check if stemcell format is supported');
    return true;
  } catch (e) {
    ctx.debug(`CPI info call returned invalid response${cpiSuffix(cloud.name)}: ${String(e)}`);
    return true;
  }
}

/** The formats all CPIs take, for `uploaded stemcell with formats […] are not supported by available cpi formats: […]`. */
export async function allCpiFormats(clouds: readonly NamedCpi[]): Promise<string> {
  const formats: string[] = [];
  for (const cloud of clouds) {
    const info = await cloud.cpi.info?.().catch(() => undefined);
    for (const f of info?.stemcell_formats ?? []) if (!formats.includes(f)) formats.push(f);
  }
  return rubyInspect(formats);
}

/** `UpdateStemcell#get_tags`: the `tags` of the latest runtime config named `default`. */
export async function runtimeConfigTags(store: DirectorStore): Promise<Record<string, string>> {
  const [config] = await store.configs.latest({ type: 'runtime', name: 'default' });
  if (config === undefined) return {};
  const tags = entry(parseYaml(config.content), 'tags');
  const out: Record<string, string> = {};
  if (tags instanceof Map) for (const [k, v] of tags) out[rubyToS(k)] = rubyToS(v);
  return out;
}
