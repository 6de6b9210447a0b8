import { BUILT_IN_MODEL_ID } from '@/src/providers/chrome-built-in';
import { ProviderError, CHROME_BUILT_IN, IN_BROWSER, type CallOptions, type ChatRequest, type Connection, type StreamEvent } from '@/src/providers/types';
import { adapterFor } from '@/src/providers/registry';
import { streamWithFallback, type FallbackTarget } from '@/src/providers/fallback';
import { streamWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '@/src/providers/retry';
import { prepareChatRequest } from '@/src/providers/request';
import type { RequestRateLimiter } from '@/src/providers/rate-limit';
import { AppError, isQuotaError, toSafeError } from '@/src/shared/errors';
import { formatNumber } from '@/src/shared/i18n/format';
import { phrase } from '@/src/shared/i18n/text';
import type { KeyRecords } from '@/src/vault/key-records';
import { promptChars } from '@/src/providers/usage';
import { BudgetExceededError } from '@/src/budget/errors';
import { needsCostConfirmation, type Budgets } from '@/src/budget/gate';
import type { BudgetEstimate } from '@/src/budget/schemas';
import { ChatCalls } from '@/src/usage/chat-calls';
import type { UsageRecorder } from '@/src/usage/recorder';
import type { AnswerError, AnswerRecord } from './answer-record';
import { AnswerWriter, type Subscriber } from './answer-writer';
import type { AnswersDatabase } from '@/src/history/answers-db';
import type { StartMessage } from './port-protocol';

/** Holds the worker awake while an answer is under way (the background's KeepAlive). */
export interface KeepAwake {
  acquire(): () => void;
}

export interface ChatStreamsDeps {
  db: AnswersDatabase;
  keys: KeyRecords;
  keepAlive: KeepAwake;
  limiter: RequestRateLimiter;
  now: () => number;
  requestsPerMinute: () => Promise<number>;
  extensionOrigin?: string;
  fetch?: typeof fetch;
  retryPolicy?: RetryPolicy;
  /** Records every provider call of an answer (src/usage). */
  usage?: UsageRecorder;
  /** Warns about and blocks requests by the budgets (src/budget). */
  budgets?: Budgets;
  /** The provider call's first-byte and idle deadlines; src/providers/http.ts has the defaults. */
  timeouts?: Pick<CallOptions, 'firstByteTimeoutMs' | 'idleTimeoutMs'>;
}

/**
 * An answer is cut here (text and reasoning together, about 2 MB): no model's output limit comes
 * near it, so only a runaway or hostile server reaches it, and the worker's memory stays bounded.
 */
export const MAX_ANSWER_CHARS = 1_000_000;

/** Answer errors are kept with the answer in the history as phrases: the page that shows one renders it. */
const answerTooLong = (): AnswerError => ({
  kind: 'answer-too-long',
  phrase: phrase('error_answerTooLong', formatNumber(MAX_ANSWER_CHARS)),
  retryable: false,
});

const interruptedError = (): AnswerError => ({ kind: 'interrupted', phrase: phrase('answer_interrupted'), retryable: true });

const cancelledError: AnswerError = { kind: 'cancelled', phrase: phrase('answer_costCheckCancelled'), retryable: true };

type Decision = 'confirm' | 'cancel';

interface ActiveStream {
  writer: AnswerWriter;
  controller: AbortController;
  /** Set while the worker waits for the page's word on the cost: resolves with it. */
  decide?: (decision: Decision) => void;
  /** The page that was asked: it leaving is a cancel. */
  asked?: Subscriber;
}

interface ResolvedTarget extends FallbackTarget {
  keyId: string | null;
}

function toAnswerError(error: unknown): AnswerError {
  if (error instanceof ProviderError) {
    // A few provider errors are still built as English words (providers/errors.ts timeouts, adapters' settings checks): saved as such.
    const words = error.phrase ? { phrase: error.phrase } : { message: error.message };
    return error.retryAfterMs === undefined
      ? { kind: error.kind, ...words, retryable: error.retryable }
      : { kind: error.kind, ...words, retryable: error.retryable, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof AppError) return { kind: error.code, phrase: error.phrase, retryable: false };
  if (error instanceof BudgetExceededError) return error.toAnswerError();
  if (isQuotaError(error)) {
    const { code, phrase: said } = toSafeError(error);
    return { kind: code, phrase: said, retryable: false };
  }
  return { kind: 'unknown', phrase: phrase('answer_failedUnexpectedly'), retryable: true };
}

/** Every chat stream of the background: started, watched, stopped and saved here. */
export class ChatStreams {
  private readonly active = new Map<string, ActiveStream>();

  constructor(private readonly deps: ChatStreamsDeps) {}

  get activeCount(): number {
    return this.active.size;
  }

  /** Re-attaches a page (a reopened popup) to a running answer, or sends the saved one. */
  async attach(requestId: string, subscriber: Subscriber): Promise<void> {
    const running = this.active.get(requestId);
    if (running) {
      running.writer.flushPost();
      subscriber.post({ type: 'snapshot', answer: { ...running.writer.record } });
      running.writer.subscribers.add(subscriber);
      return;
    }
    const saved = await this.deps.db.messages.get(requestId);
    // A row still marked streaming with no stream behind it lost its stream (a save refused at the end).
    if (saved?.status === 'streaming') subscriber.post({ type: 'snapshot', answer: { ...saved, status: 'interrupted', error: interruptedError() } });
    else if (saved) subscriber.post({ type: 'snapshot', answer: saved });
    else subscriber.post({ type: 'error', error: { kind: 'not-found', phrase: phrase('answer_gone'), retryable: false } });
  }

  detach(subscriber: Subscriber): void {
    for (const stream of this.active.values()) {
      stream.writer.subscribers.delete(subscriber);
      // Nobody is left to answer the cost question: nothing is sent.
      if (stream.asked === subscriber) stream.decide?.('cancel');
    }
  }

  /** The page's answer to a `confirm`: ignored unless that request is waiting for it. */
  decide(requestId: string, decision: Decision): void {
    this.active.get(requestId)?.decide?.(decision);
  }

  stop(requestId?: string): void {
    for (const [id, stream] of this.active) {
      if (requestId === undefined || id === requestId) stream.controller.abort();
    }
  }

  /** Ends every answer in flight with `reason` as its error: the vault locked under them. */
  failAll(reason: AppError): void {
    for (const stream of this.active.values()) stream.controller.abort(reason);
  }

  async start(message: StartMessage, subscriber: Subscriber): Promise<void> {
    if (this.active.has(message.requestId)) return this.refuseRepeat(subscriber);
    const now = this.deps.now();
    const record: AnswerRecord = {
      id: message.requestId,
      conversationId: message.conversationId ?? null,
      role: 'assistant',
      status: 'streaming',
      text: '',
      reasoning: '',
      fellBackFrom: [],
      startedAt: now,
      updatedAt: now,
    };
    const writer = new AnswerWriter(record, this.deps.db, this.deps.now);
    const controller = new AbortController();
    // Claimed before the first await, so the same request sent twice at once starts once.
    this.active.set(message.requestId, { writer, controller });
    // The keys and the rate setting are read while the database is checked: all lie on the way to the first token.
    const resolving = this.resolveTargets(message);
    resolving.catch(() => undefined);
    const perMinute = this.deps.requestsPerMinute();
    perMinute.catch(() => undefined);
    if (await this.deps.db.messages.get(message.requestId)) {
      this.active.delete(message.requestId);
      return this.refuseRepeat(subscriber);
    }
    writer.subscribers.add(subscriber);
    let release: (() => void) | undefined;
    let calls: ChatCalls | undefined;
    try {
      const targets = await resolving;
      // One budget check: it decides whether to ask the user, then admits (or blocks) the request.
      const checked = await this.check(message, targets);
      if (checked && message.confirmCost && needsCostConfirmation(checked)) {
        const decision = await this.ask(message.requestId, checked, writer, subscriber, controller.signal);
        if (controller.signal.aborted) throw controller.signal.reason;
        if (decision === 'cancel') {
          await writer.finish({ status: 'failed', error: cancelledError }, (answer) => ({ type: 'error', error: cancelledError, answer }));
          return;
        }
      }
      release = this.deps.keepAlive.acquire();
      // Written in the background: later saves queue behind it, and a failure only marks the answer unsaved.
      void writer.begin();
      if (checked) await this.deps.budgets?.pass(checked, (notice) => writer.broadcast(notice));
      if (this.deps.usage) calls = this.callsOf(message, targets, this.deps.usage);
      await this.run(message, targets, perMinute, writer, controller, calls);
    } catch (error) {
      const failedBy: unknown = controller.signal.reason;
      const answerError = failedBy instanceof AppError ? toAnswerError(failedBy) : controller.signal.aborted ? undefined : toAnswerError(error);
      const status = answerError ? 'failed' : 'stopped';
      await writer.finish(answerError ? { status, error: answerError } : { status }, (answer) =>
        answerError ? { type: 'error', error: answerError, answer } : { type: 'done', answer },
      );
    } finally {
      calls?.finished(writer.record);
      this.active.delete(message.requestId);
      release?.();
    }
  }

  /** Posts the estimate and waits for the page's word; a stop, a lock or the page leaving is a cancel. */
  private ask(requestId: string, estimate: BudgetEstimate, writer: AnswerWriter, subscriber: Subscriber, signal: AbortSignal): Promise<Decision> {
    const stream = this.active.get(requestId);
    return new Promise<Decision>((resolve) => {
      const settle = (decision: Decision) => {
        if (stream) {
          delete stream.decide;
          delete stream.asked;
        }
        signal.removeEventListener('abort', onAbort);
        resolve(decision);
      };
      const onAbort = () => settle('cancel');
      signal.addEventListener('abort', onAbort);
      if (stream) {
        stream.decide = settle;
        stream.asked = subscriber;
      }
      writer.broadcast({ type: 'confirm', estimate });
    });
  }

  private refuseRepeat(subscriber: Subscriber): void {
    subscriber.post({ type: 'error', error: { kind: 'invalid-request', phrase: phrase('answer_alreadySent'), retryable: false } });
  }

  /** What the request would cost and the budgets it reaches; undefined without budgets. */
  private async check(message: StartMessage, targets: ResolvedTarget[]): Promise<BudgetEstimate | undefined> {
    if (!this.deps.budgets) return undefined;
    const size = message.maxTokens === undefined ? { promptChars: promptChars(message.messages) } : { promptChars: promptChars(message.messages), maxTokens: message.maxTokens };
    const request = targets.map(({ connection, keyId, model }) => ({ provider: connection.provider, keyId, model }));
    return this.deps.budgets.check(request, size, message.confirmCost === true);
  }

  private callsOf(message: StartMessage, targets: ResolvedTarget[], usage: UsageRecorder): ChatCalls {
    const described = targets.map(({ connection, keyId, model }) => ({ provider: connection.provider, model, keyId }));
    return new ChatCalls((call) => usage.track(call), this.deps.now, described, message.requestId, promptChars(message.messages));
  }

  private async resolveTargets(message: StartMessage): Promise<ResolvedTarget[]> {
    const targets: ResolvedTarget[] = [];
    for (const target of message.targets) {
      if (target.keyId === null) {
        // Keyless: Chrome's built-in model by its one id; any other model is one downloaded into the browser.
        const provider = target.model === BUILT_IN_MODEL_ID ? CHROME_BUILT_IN : IN_BROWSER;
        targets.push({ keyId: null, model: target.model, connection: { provider, secret: {}, settings: {} } });
        continue;
      }
      const { record, secret } = await this.deps.keys.useSecret(target.keyId);
      const connection: Connection = { provider: record.provider, secret, settings: record.settings };
      targets.push({ keyId: target.keyId, model: target.model, connection });
    }
    return targets;
  }

  private async run(message: StartMessage, targets: ResolvedTarget[], perMinute: Promise<number>, writer: AnswerWriter, controller: AbortController, calls?: ChatCalls): Promise<void> {
    const opts: CallOptions = { signal: controller.signal };
    if (this.deps.extensionOrigin) opts.extensionOrigin = this.deps.extensionOrigin;
    if (this.deps.fetch) opts.fetch = this.deps.fetch;
    Object.assign(opts, this.deps.timeouts);
    const requestsPerMinute = await perMinute;
    const base: Omit<ChatRequest, 'model'> = { messages: message.messages };
    if (message.maxTokens !== undefined) base.maxTokens = message.maxTokens;
    if (message.temperature !== undefined) base.temperature = message.temperature;

    const runTarget = (target: FallbackTarget, request: ChatRequest, callOpts: CallOptions): AsyncIterable<StreamEvent> => {
      const resolved = targets.find((candidate) => candidate === target);
      const provider = target.connection.provider;
      return streamWithRetry(
        () => {
          if (resolved?.keyId) this.deps.limiter.acquire(resolved.keyId, requestsPerMinute);
          calls?.attempt(resolved ? targets.indexOf(resolved) : 0);
          return adapterFor(provider).streamChat(target.connection, prepareChatRequest(request, { provider }), callOpts);
        },
        callOpts.signal,
        this.deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
        {
          onRetry: ({ attempt, delayMs, error }) => {
            calls?.failed(error.kind);
            writer.broadcast({ type: 'retry', attempt, delayMs, kind: error.kind });
          },
        },
      );
    };

    let finishReason: string | undefined;
    let tooLong = false;
    for await (const event of streamWithFallback(targets, base, opts, { run: runTarget })) {
      switch (event.type) {
        case 'text':
        case 'reasoning':
          writer.append(event.type, event.text);
          tooLong = writer.size >= MAX_ANSWER_CHARS;
          break;
        case 'usage':
          writer.record.usage = event.usage;
          break;
        case 'finish':
          finishReason = event.reason;
          break;
        case 'target':
          writer.record.answeredBy = { index: event.index, provider: event.provider, model: event.model, keyId: targets[event.index]?.keyId ?? null };
          writer.broadcast({ type: 'target', index: event.index, provider: event.provider, model: event.model });
          break;
        case 'fallback':
          calls?.failed(event.kind);
          writer.record.fellBackFrom.push({ provider: event.provider, model: event.model, kind: event.kind });
          writer.broadcast(event);
          break;
      }
      // Leaving the loop ends the provider stream and cancels its request.
      if (tooLong) break;
    }
    if (tooLong) {
      await writer.finish({ status: 'complete', finishReason: 'length', error: answerTooLong() }, (answer) => ({ type: 'done', answer }));
      return;
    }
    await writer.finish(finishReason === undefined ? { status: 'complete' } : { status: 'complete', finishReason }, (answer) => ({ type: 'done', answer }));
  }
}
