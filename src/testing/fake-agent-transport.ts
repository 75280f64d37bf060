import type { AgentMessage, AgentTransport, SendOptions } from '../ports/agent-client.js';

export interface Sent {
  readonly agentId: string;
  readonly message: AgentMessage;
  readonly quiet: boolean;
  readonly requestId: string;
}

/** What the fake agent answers: a reply body, or `undefined` for no reply at all (a lost message). */
export type Responder = (method: string, args: readonly unknown[], nth: number) => unknown;

/** An in-memory transport: replies on the next microtask as the responder says; records sends and cancels. */
export class FakeTransport implements AgentTransport {
  readonly sent: Sent[] = [];
  readonly cancelled: string[] = [];
  private next = 0;
  private readonly counts = new Map<string, number>();

  constructor(public responder: Responder) {}

  send(
    agentId: string,
    message: AgentMessage,
    onReply: (reply: unknown) => void,
    options?: SendOptions,
  ): string {
    const requestId = `req-${String(++this.next)}`;
    this.sent.push({ agentId, message, quiet: options?.quiet === true, requestId });
    const nth = (this.counts.get(message.method) ?? 0) + 1;
    this.counts.set(message.method, nth);
    const reply = this.responder(message.method, message.arguments, nth);
    if (reply !== undefined) {
      queueMicrotask(() => {
        if (!this.cancelled.includes(requestId)) onReply(reply);
      });
    }
    return requestId;
  }

  cancel(requestId: string): void {
    this.cancelled.push(requestId);
  }

  methods(): string[] {
    return this.sent.map((s) => s.message.method);
  }
}
