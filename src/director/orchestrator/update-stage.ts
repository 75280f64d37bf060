/**
 * The update stage (`MultiInstanceGroupUpdater` / `InstanceGroupUpdater`): serial runs of instance groups one
 * after another, parallel runs at once; per group one `Updating instance` stage tagged with the group; per AZ a
 * pool of `max_in_flight` that updates the canaries first and waits for them, then the rest.
 */
import type { InstancePlan } from '../../core/planner/index.js';
import { instanceTaskName, type GroupUpdatePlan, type UpdateStage } from '../../core/update/plan.js';
import type { TaskContext, TaskProgress } from '../tasks/task-context.js';
import { runPool } from './thread-pool.js';

export type UpdateOne = (p: InstancePlan, canary: boolean, progress: TaskProgress) => Promise<void>;

/** Runs before a group's update (its unneeded instances are deleted then). */
export type BeforeGroup = (group: string) => Promise<void>;

async function updateGroup(
  ctx: TaskContext,
  group: GroupUpdatePlan<InstancePlan>,
  one: UpdateOne,
  before: BeforeGroup,
) {
  await before(group.group);
  const total = group.segments.reduce((n, s) => n + s.canaries.length + s.rest.length, 0);
  if (total === 0) return;
  const stage = ctx.events.beginStage('Updating instance', total, [group.group]);
  for (const segment of group.segments) {
    const track = (canary: boolean) => async (p: InstancePlan) => {
      await ctx.checkpoint();
      await stage.advanceAndTrack(instanceTaskName(p.name, canary), (progress) => one(p, canary, progress));
    };
    await runPool(segment.canaries, segment.maxInFlight, track(true));
    await runPool(segment.rest, segment.maxInFlight, track(false));
  }
}

/** Runs every stage; a group's failure stops the deploy once the work in flight has finished. */
export async function runUpdateStages(
  ctx: TaskContext,
  stages: readonly UpdateStage<InstancePlan>[],
  one: UpdateOne,
  before: BeforeGroup = () => Promise.resolve(),
): Promise<void> {
  for (const stage of stages) {
    if (stage.parallel)
      await runPool(stage.groups, stage.groups.length, (g) => updateGroup(ctx, g, one, before));
    else for (const g of stage.groups) await updateGroup(ctx, g, one, before);
  }
}
