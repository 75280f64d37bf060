import { emitYaml } from '../../base/yaml/emit.js';
import { GoFloat, type YamlValue } from '../../base/yaml/value.js';
import { events, type EventInfo } from '../director-client/api-misc.js';
import { timeCell } from '../director-client/go-time.js';
import { openDirector } from '../director-client/open.js';
import { text, value } from '../flags/option.js';
import { headers, type Table } from '../ui/table.js';
import { defineCommand } from './command.js';

const filter = (long: string, description: string) => value({ long, description }, text);

/** `bosh events`: the director's latest events (200 at most), filtered as asked; `-d` filters by deployment. */
export const eventsCommand = defineCommand({
  name: 'events',
  aliases: [],
  description: 'List events',
  goOptsType: 'EventsOpts',
  options: {
    beforeId: filter('before-id', 'Show events with ID less than the given ID'),
    before: filter('before', 'Show events before the given timestamp (ex: 2016-05-08 17:26:32)'),
    after: filter('after', 'Show events after the given timestamp (ex: 2016-05-08 17:26:32)'),
    task: filter('task', 'Show events with the given task ID'),
    instance: filter('instance', 'Show events with given instance'),
    user: filter('event-user', 'Show events with given user'),
    action: filter('action', 'Show events with given action'),
    objectType: filter('object-type', 'Show events with given object type'),
    objectName: filter('object-name', 'Show events with given object name'),
  },
  args: [],
  async run(ctx) {
    const o = ctx.options;
    const found = await events(await openDirector(ctx), {
      beforeId: o.beforeId ?? '',
      before: o.before ?? '',
      after: o.after ?? '',
      deployment: ctx.globals.deployment ?? '',
      task: o.task ?? '',
      instance: o.instance ?? '',
      user: o.user ?? '',
      action: o.action ?? '',
      objectType: o.objectType ?? '',
      objectName: o.objectName ?? '',
    });
    ctx.ui.printTable(eventsTable(found));
  },
});

export function eventsTable(found: readonly EventInfo[]): Table {
  return {
    content: 'events',
    header: headers(
      'ID',
      'Time',
      'User',
      'Action',
      'Object Type',
      'Object Name',
      'Task ID',
      'Deployment',
      'Instance',
      'Context',
      'Error',
    ),
    rows: found.map((e) => [
      e.parentId !== '' ? `${e.id} <- ${e.parentId}` : e.id,
      timeCell(e.timestamp),
      e.user,
      e.action,
      e.objectType,
      e.objectName,
      e.taskId,
      e.deployment,
      e.instance,
      contextCell(e.context),
      e.error,
    ]),
  };
}

/** ValueInterface: the context as YAML (keys sorted), trimmed; nothing for an empty or missing one. */
function contextCell(context: Readonly<Record<string, unknown>> | undefined): string {
  if (context === undefined || Object.keys(context).length === 0) return '';
  return emitYaml(toYaml(context)).trim();
}

/** JSON as Go decodes it into interface{}: every number is a float64. */
export function toYaml(v: unknown): YamlValue {
  if (typeof v === 'number') return Number.isInteger(v) ? new GoFloat(v) : v;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toYaml);
  if (typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toYaml(x)]));
  return null;
}
