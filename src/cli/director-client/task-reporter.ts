import { unixDate, durationOf, hoursOf } from './go-time.js';
import {
  blankEvent,
  durationSinceStart,
  parseTaskEvent,
  sameEvent,
  sameTaskId,
  type TaskEvent,
} from './task-event.js';

/** What the reporter writes with: begin/end lines (dropped when piped) and raw blocks (always shown). */
export interface ReporterUi {
  beginLine(text: string): void;
  endLine(text: string): void;
  printBlock(block: string): void;
  printErrorBlock(block: string): void;
}

/** bosh-cli's task reporter interface (director.TaskReporter). */
export interface TaskReporter {
  taskStarted(id: number): void;
  taskFinished(id: number, state: string): void;
  taskOutputChunk(id: number, chunk: string): void;
}

type Marker = { id: number; type: 'started' | 'output' | 'ended' };

/**
 * bosh-cli ui/task ReporterImpl. For events it renders each JSON line as `Task 12 | 10:00:02 | Stage: task`,
 * appending ` (00:00:11)` when the same task finishes next, `L status` for progress, `L Error:` for a failure,
 * then a footer with the start, end and duration; otherwise it passes the output through.
 */
export class TaskReporterImpl implements TaskReporter {
  private readonly events = new Map<number, TaskEvent[]>();
  private readonly markers: Marker[] = [];
  private lastGlobalEvent: TaskEvent | undefined;
  private readonly rest = new Map<number, string>();

  constructor(
    private readonly ui: ReporterUi,
    private readonly isForEvents: boolean,
  ) {}

  taskStarted(id: number): void {
    if (this.markers.length > 0) this.ui.endLine('');
    this.markers.push({ id, type: 'started' });
    this.events.set(id, []);
    this.lastGlobalEvent = blankEvent(id);
    this.ui.beginLine(`Task ${id.toString()}`);
  }

  taskFinished(id: number, state: string): void {
    const events = this.events.get(id) ?? [];
    const first = events[0];
    const last = events[events.length - 1];
    const n = id.toString();
    if (first !== undefined && last !== undefined) {
      this.ui.beginLine(
        `\n\nTask ${n} Started  ${unixDate(first.time)}\nTask ${n} Finished ${unixDate(last.time)}` +
          `\nTask ${n} Duration ${durationOf(last.time - first.time)}`,
      );
    }
    if (this.noOutputSinceTaskStarted(id)) this.ui.endLine(`. ${titleCase(state)}`);
    else this.ui.beginLine(`\nTask ${n} ${state}\n`);
    this.markers.push({ id, type: 'ended' });
  }

  taskOutputChunk(id: number, chunk: string): void {
    if (this.noOutputSinceTaskStarted(id)) {
      this.ui.beginLine('\n');
      if (!this.isForEvents) this.ui.beginLine('\n');
    }
    if (this.isForEvents) {
      let rest = (this.rest.get(id) ?? '') + chunk;
      for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n')) {
        const line = rest.slice(0, nl);
        if (line.length > 0) this.showEvent(id, line);
        rest = rest.slice(nl + 1);
      }
      this.rest.set(id, rest);
    } else {
      this.ui.printBlock(chunk);
    }
    this.markers.push({ id, type: 'output' });
  }

  private showEvent(id: number, line: string): void {
    const event = parseTaskEvent(id, line);
    const events = this.events.get(id) ?? [];
    const start = events.find((e) => sameEvent(e, event));
    if (start !== undefined) event.startEvent = start;
    const prefix = `\nTask ${id.toString()} | ${hoursOf(event.time)} | `;
    const errorPad = `\n     ${' '.repeat(id.toString().length)}            L Error: `;
    const last = this.lastGlobalEvent;
    if (last !== undefined && sameEvent(last, event)) {
      if (event.state === 'finished') {
        this.ui.printBlock(` (${durationSinceStart(event)})`);
      } else if (event.state === 'in_progress') {
        this.ui.printBlock(prefix);
        this.ui.printBlock(`L ${event.data.status}: ${event.task}`);
      } else if (event.state === 'failed') {
        this.ui.printBlock(` (${durationSinceStart(event)})`);
        this.ui.printErrorBlock(errorPad + event.data.error);
      }
    } else {
      if (last !== undefined && !sameTaskId(last, event)) {
        // Some spacing around deprecations and errors
        if (event.type === 'deprecation' || event.error !== undefined) this.ui.printBlock('\n');
      }
      this.showNewEvent(event, prefix, errorPad);
    }
    events.push(event);
    this.events.set(id, events);
    this.lastGlobalEvent = event;
  }

  private showNewEvent(event: TaskEvent, prefix: string, errorPad: string): void {
    const desc =
      event.tags !== null && event.tags.length > 0 ? `${event.stage} ${event.tags.join(', ')}` : event.stage;
    if (event.type === 'deprecation') {
      this.ui.printBlock(prefix);
      this.ui.printErrorBlock(`Deprecation: ${event.message}`);
    } else if (event.type === 'warning') {
      this.ui.printBlock(prefix);
      this.ui.printErrorBlock(`Warning: ${event.message}`);
    } else if (event.state === 'started') {
      this.ui.printBlock(prefix);
      this.ui.printBlock(`${desc}: ${event.task}`);
    } else if (event.state === 'in_progress') {
      this.ui.printBlock(prefix);
      this.ui.printBlock(`${desc}: ${event.task}`);
      this.ui.printBlock(prefix);
      this.ui.printBlock(`L ${event.data.status}: ${event.task}`);
    } else if (event.state === 'finished') {
      this.ui.printBlock(prefix);
      this.ui.printBlock(`${desc}: ${event.task} (${durationSinceStart(event)})`);
    } else if (event.state === 'failed') {
      this.ui.printBlock(prefix);
      this.ui.printBlock(`${desc}: ${event.task} (${durationSinceStart(event)})`);
      this.ui.printErrorBlock(errorPad + event.data.error);
    } else if (event.error !== undefined) {
      this.ui.printBlock(prefix);
      this.ui.printErrorBlock(`Error: ${event.error.message}`);
    }
  }

  private noOutputSinceTaskStarted(id: number): boolean {
    const last = this.markers[this.markers.length - 1];
    return last === undefined || (last.id === id && last.type === 'started');
  }
}

/** cases.Title(language.English): each word's first letter upper-cased, the rest lower-cased. */
function titleCase(s: string): string {
  return s.replace(/\p{L}[\p{L}\p{N}'_]*/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}
