import { TextDecoder } from 'node:util';
import { wrapError } from '../../base/errors.js';
import {
  type ClientRequest,
  DirectorStatusError,
  parseDirectorJson,
  type RawOptions,
} from './client-request.js';
import { int, str } from './json-fields.js';
import type { TaskReporter } from './task-reporter.js';

const RUNNING = new Set(['queued', 'processing', 'cancelling']);

/**
 * bosh-cli director.TaskClientRequest: requests that start a task (the director answers with a redirect to
 * `/tasks/<id>`), followed until the task ends while its event log is shown, then its result fetched.
 */
export class TaskClient {
  constructor(
    private readonly req: ClientRequest,
    private readonly reporter: TaskReporter,
    private readonly stepMs: number,
  ) {}

  /** Polls `/tasks/<id>`, then new output from `Range: bytes=<offset>-` (416: nothing new), every step. */
  async waitForCompletion(id: number, type: string, reporter: TaskReporter): Promise<void> {
    reporter.taskStarted(id);
    let state = '';
    let offset = 0;
    const decoder = new TextDecoder();
    try {
      for (;;) {
        let resp: unknown;
        try {
          resp = await this.req.get(`/tasks/${id.toString()}`);
        } catch (e) {
          throw wrapError(e, 'Getting task state');
        }
        state = str(resp, 'state');
        const taskId = int(resp, 'id');
        try {
          offset = await this.reportOutputChunk(taskId, offset, type, reporter, decoder);
        } catch (e) {
          throw wrapError(e, 'Getting task output');
        }
        if (RUNNING.has(state)) {
          await new Promise((r) => setTimeout(r, this.stepMs));
          continue;
        }
        if (state === 'done') return;
        throw new Error(`Expected task '${taskId.toString()}' to succeed but state is '${state}'`);
      }
    } finally {
      reporter.taskFinished(id, state);
    }
  }

  async getResult(path: string): Promise<{ id: number; result: string }> {
    const resp = await this.req.get(path);
    return { id: int(resp, 'id'), result: await this.waitForResult(int(resp, 'id')) };
  }

  async postResult(path: string, o: RawOptions): Promise<string> {
    const resp = parseDirectorJson(await this.req.raw('POST', path, o));
    return this.waitForResult(int(resp, 'id'));
  }

  async putResult(path: string, o: RawOptions): Promise<string> {
    const resp = parseDirectorJson(await this.req.raw('PUT', path, o));
    return this.waitForResult(int(resp, 'id'));
  }

  async deleteResult(path: string): Promise<string> {
    return this.waitForResult(int(await this.req.delete(path), 'id'));
  }

  private async waitForResult(id: number): Promise<string> {
    await this.waitForCompletion(id, 'event', this.reporter);
    return (await this.req.raw('GET', `/tasks/${id.toString()}/output?type=result`)).toString('utf8');
  }

  private async reportOutputChunk(
    id: number,
    offset: number,
    type: string,
    reporter: TaskReporter,
    decoder: TextDecoder,
  ): Promise<number> {
    let body: Buffer;
    try {
      body = await this.req.raw('GET', `/tasks/${id.toString()}/output?type=${type}`, {
        headers: { Range: `bytes=${offset.toString()}-` },
        streamed: true,
      });
    } catch (e) {
      if (e instanceof DirectorStatusError && e.status === 416) return offset;
      throw e;
    }
    if (body.length > 0) reporter.taskOutputChunk(id, decoder.decode(body, { stream: true }));
    return offset + body.length;
  }
}
