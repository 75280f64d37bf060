/** The plan as text, for `--dry-run` and logs: one line per instance, one indented line per change reason. */
import type { DeploymentPlan, InstancePlan } from './types.js';

function instanceLines(p: InstancePlan): string[] {
  const where = p.az === null ? '' : ` in ${p.az}`;
  const ips = p.ips.length === 0 ? '' : ` ${p.ips.map((i) => i.ip).join(',')}`;
  const boot = p.bootstrap ? ' (bootstrap)' : '';
  const head = `  ${p.action} ${p.name}${boot}${where}${ips}`;
  if (p.changes.length === 0)
    return p.action === 'keep' ? [head] : [head, ...p.reasons.map((r) => `      ${r}`)];
  return [head, ...p.changes.map((c, i) => `    - ${c}: ${p.reasons[i] ?? ''}`)];
}

export function formatPlan(plan: DeploymentPlan): string {
  const lines: string[] = [`Deployment '${plan.deployment}'${plan.dryRun ? ' (dry run)' : ''}`];
  for (const w of plan.warnings) lines.push(`Warning: ${w}`);
  for (const g of plan.groups) {
    lines.push(`Instance group '${g.name}'`);
    for (const p of [...g.obsolete, ...g.instances]) lines.push(...instanceLines(p));
  }
  for (const p of plan.obsoleteGroups) lines.push(...instanceLines(p));
  const batches = plan.batches.map(
    (b, i) =>
      `  ${i + 1}. ${b.group}${b.az === null ? '' : ` ${b.az}`}${b.canary ? ' canary' : ''}: ${b.instances.length}`,
  );
  if (batches.length > 0) lines.push('Update batches', ...batches);
  return `${lines.join('\n')}\n`;
}
