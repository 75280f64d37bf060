import { wrapError } from '../../base/errors.js';
import type { Ui } from '../ui/ui.js';
import { validateCaPem } from './ca-pool.js';
import { ClientRequest } from './client-request.js';
import type { DirectorAddress } from './director-url.js';
import { TaskClient } from './task-client.js';
import { TaskReporterImpl } from './task-reporter.js';
import { DirectorTransport } from './transport.js';
import { UploadProgress } from './upload-progress.js';

/** How often tasks are polled and network errors retried; tests shorten them. */
export interface DirectorTiming {
  readonly taskPollMs: number;
  readonly retryDelayMs: number;
}

export const DEFAULT_TIMING: DirectorTiming = { taskPollMs: 500, retryDelayMs: 500 };

export interface DirectorOptions {
  readonly address: DirectorAddress;
  readonly caCert: string;
  /** `Basic ...` (or a UAA bearer token) for each request; undefined for anonymous requests. */
  authorization(retried: boolean): Promise<string | undefined>;
  readonly ui: Ui;
  readonly timing: DirectorTiming;
}

/** A connection to one director (bosh-cli director.Factory.New): plain requests and task-tracked ones. */
export class Director {
  readonly req: ClientRequest;
  readonly tasks: TaskClient;

  private constructor(
    o: DirectorOptions,
    ca: string | undefined,
    private readonly ui: Ui,
  ) {
    const transport = new DirectorTransport({
      host: o.address.host,
      port: o.address.port,
      ...(ca !== undefined ? { ca } : {}),
      authorization: (retried) => o.authorization(retried),
      retryDelayMs: o.timing.retryDelayMs,
    });
    this.req = new ClientRequest(transport);
    this.tasks = new TaskClient(this.req, new TaskReporterImpl(o.ui, true), o.timing.taskPollMs);
  }

  /** Checks the connection config (host, port, CA certificate) first, as bosh-cli's factory does. */
  static create(o: DirectorOptions): Director {
    let ca: string | undefined;
    try {
      if (o.address.host === '') throw new Error("Missing 'Host'");
      if (o.address.port === 0) throw new Error("Missing 'Port'");
      ca = validateCaPem(o.caCert);
    } catch (e) {
      throw wrapError(e, 'Validating Director connection config');
    }
    return new Director(o, ca, o.ui);
  }

  /** POSTs a file as `application/x-compressed` (with a progress bar on a terminal) and follows the task. */
  async uploadFile(path: string, file: string, size: number): Promise<string> {
    const progress =
      size > 0
        ? new UploadProgress(size, (t) => {
            this.ui.beginLine(t);
          })
        : undefined;
    return this.tasks.postResult(path, {
      body: { file, size },
      headers: { 'Content-Type': 'application/x-compressed' },
      ...(progress
        ? {
            onUpload: (sent: number) => {
              progress.update(sent);
            },
          }
        : {}),
    });
  }
}
