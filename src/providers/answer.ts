import { badResponse, errorContextFor, streamCutError, type ErrorContext } from '@/src/providers/errors';
import { estimatedUsage, promptChars } from '@/src/providers/usage';
import type { CallOptions, ChatRequest, Connection, FinishReason, StreamEvent, Usage } from '@/src/providers/types';

export interface StreamContext extends ErrorContext {
  /** Characters of prompt sent, for the usage estimate when the provider reports none. */
  promptChars: number;
}

/**
 * Collects what a protocol parser learns while an answer streams, and closes the answer the same
 * way for every provider: one `usage` event, then one `finish` event.
 */
export class AnswerTracker {
  private readonly ctx: StreamContext;
  private outputChars = 0;
  private recognised = false;
  private usage: Usage | undefined;
  private finish: FinishReason | undefined;

  constructor(ctx: StreamContext) {
    this.ctx = ctx;
  }

  /** The stream carried at least one event of the expected protocol. */
  recognise(): void {
    this.recognised = true;
  }

  text(text: unknown): StreamEvent | undefined {
    if (typeof text !== 'string' || text === '') return undefined;
    this.outputChars += text.length;
    return { type: 'text', text };
  }

  reasoning(text: unknown): StreamEvent | undefined {
    if (typeof text !== 'string' || text === '') return undefined;
    this.outputChars += text.length;
    return { type: 'reasoning', text };
  }

  setUsage(usage: Usage): void {
    this.usage = usage;
  }

  setFinish(reason: FinishReason): void {
    this.finish = reason;
  }

  /** The protocol's own end marker arrived (`[DONE]`, `done: true`): a missing finish reason means `stop`. */
  markComplete(): void {
    this.recognised = true;
    this.finish ??= 'stop';
  }

  get finished(): boolean {
    return this.finish !== undefined;
  }

  *end(): Generator<StreamEvent> {
    if (!this.recognised) throw badResponse(this.ctx, 200);
    if (this.finish === undefined) throw streamCutError(this.ctx);
    yield { type: 'usage', usage: this.usage ?? estimatedUsage(this.ctx.promptChars, this.outputChars) };
    yield { type: 'finish', reason: this.finish };
  }
}

export function streamContextFor(conn: Connection, req: ChatRequest, opts: CallOptions): StreamContext {
  return { ...errorContextFor(conn, req.model, opts.extensionOrigin), promptChars: promptChars(req.messages) };
}
