import { BUILT_IN_MODEL_ID } from '@/src/providers/chrome-built-in';
import { ProviderError, CHROME_BUILT_IN, IN_BROWSER, type CallOptions, type ChatRequest, type Connection, type StreamEvent } from '@/src/providers/types';
import { adapterFor } from '@/src/providers/registry';
import { streamWithFallback, type FallbackTarget } from '@/src/providers/fallback';
import { streamWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '@/src/providers/retry';
import { prepareChatRequest } from '@/src/providers/request';
import type { RequestRateLimiter } from '@/src/providers/rate-limit';
import { AppError, isQuotaError, toSafeError } from '@/src/shared/errors';
import { formatNumber } from '@/src/shared/i18n/format';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import type { KeyRecords } from '@/src/vault/key-records';
import { promptChars } from '@/src/providers/usage';
import { BudgetExceededError } from '@/src/budget/errors';
import { needsCostConfirmation, type Budgets, type RequestSize } from '@/src/budget/gate';
import type { BudgetEstimate } from '@/src/budget/schemas';
import { ChatCalls } from '@/src/usage/chat-calls';
import type { UsageRecorder } from '@/src/usage/recorder';
import type { AnswerError, AnswerRecord } from './answer-record';
import { AnswerWriter, type Subscriber } from './answer-writer';
import type { AnswersDatabase } from '@/src/history/answers-db';
import type { PortChatMessage, StartMessage } from './port-protocol';
import type { PriceBook } from '@/src/usage/price-book';
import type { Delivery } from '@/src/attachments/types';
import { limitBreach, sightOf } from '@/src/attachments/delivery';
import { policyBlock } from '@/src/policy/policy';
import type { GatewayConnection } from '@/src/policy/policy-service';
import { GATEWAY_KEY_ID, isGatewayKeyId } from '@/src/policy/gateway-key';
import { gatewayGone } from '@/src/policy/key-access';
import type { PolicyView } from '@/src/policy/schema';
import { deliveriesFor, dropParts, overLimitPhrase, filesTokens, partsFor, readStartFiles, withInlinedText, withParts, summarize, unseenPhrase, unsupportedIn, type SeeingModel, type StartFiles } from './attachment-parts';

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
  /** The catalog: what each model sees, for a start with attachments (src/usage/price-book.ts). */
  prices?: Pick<PriceBook, 'model' | 'models'>;
  /** The organisation policy (src/policy): keys it blocks are passed over, and its gateway ends every chain of the user's keys. */
  policy?: { inForce(): Promise<PolicyView | undefined>; gateway(): Promise<GatewayConnection | undefined> };
}

/**
 * What moves a chain on to the organisation's gateway: besides the retryable failures (rate limits
 * already retried, servers down), the user's key refused or out of quota, and a key the policy
 * blocks or that no longer exists (passed over, below).
 */
const GATEWAY_FALLBACK_KINDS: ReadonlySet<string> = new Set(['key-rejected', 'no-permission', 'quota-exhausted', 'rate-limited']);

/** A start's files and how each goes to each target (by the target's index); none for a start without files. */
interface FilePlan {
  files: StartFiles;
  deliveries: Map<string, Delivery>[];
  /** Why a target that can take the files cannot take these (too many, too large for its provider); by index. */
  refusals: (Phrase | undefined)[];
}

/** Models named in a refusal: enough to choose from, few enough to read. */
const SEEING_NAMED = 4;

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
  /** Why the user's key is not used: the policy blocks it, or it no longer exists. Passed over, never sent. */
  unusable?: Phrase;
  /** The organisation's gateway: the chain's last target, or the one chosen (keyId GATEWAY_KEY_ID either way). */
  gateway?: true;
}

/** The organisation's gateway as a target: its key id, and the model the policy fixes, else `chosen`. */
function gatewayTarget(gateway: GatewayConnection, chosen: string): ResolvedTarget {
  return { keyId: GATEWAY_KEY_ID, model: gateway.model ?? chosen, connection: gateway.connection, gateway: true };
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
    const reading = readStartFiles(this.deps.db, message.conversationId, message.messages);
    reading.catch(() => undefined);
    if (await this.deps.db.messages.get(message.requestId)) {
      this.active.delete(message.requestId);
      return this.refuseRepeat(subscriber);
    }
    writer.subscribers.add(subscriber);
    let release: (() => void) | undefined;
    let calls: ChatCalls | undefined;
    try {
      const targets = await resolving;
      // Files the page saved with the question: checked, and planned per target, before anything is asked or sent.
      const plan = await this.plan(await reading, targets);
      // One budget check: it decides whether to ask the user, then admits (or blocks) the request.
      const checked = await this.check(message, targets, plan);
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
      if (this.deps.usage) calls = this.callsOf(message, targets, this.deps.usage, plan);
      await this.run(message, targets, perMinute, writer, controller, calls, plan);
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

  /**
   * How each file goes to each target (each model of a chain decides for itself). When no target
   * can take them all (an image for models that do not see), nothing is sent: the answer fails
   * with a phrase naming models of the user's keys that can. The question and its files stay in
   * the history, so the user can pick one of those and send again.
   */
  private async plan(files: StartFiles, targets: ResolvedTarget[]): Promise<FilePlan | undefined> {
    if (!files.size) return undefined;
    const entries = await Promise.all(targets.map(({ connection, model }) => this.deps.prices?.model(connection.provider, model)));
    const deliveries = targets.map(({ connection, model }, index) => deliveriesFor(files, connection.provider, model, entries[index]));
    if (deliveries.every(unsupportedIn)) throw new AppError('BAD_REQUEST', unseenPhrase(targets[0]?.model ?? '', await this.seeingModels()));
    const refusals = targets.map(({ connection, model }, index) => {
      const breach = limitBreach(connection.provider, sightOf(connection.provider, entries[index], model), [...files.values()]);
      return breach ? overLimitPhrase(model, breach) : undefined;
    });
    // Every target either cannot see or is over its provider's limits: say the first limit (the user can act on it).
    const firstRefusal = refusals.find((refusal, index) => refusal && !unsupportedIn(deliveries[index] ?? new Map()));
    if (firstRefusal && deliveries.every((each, index) => unsupportedIn(each) || refusals[index])) throw new AppError('BAD_REQUEST', firstRefusal);
    return { files, deliveries, refusals };
  }

  /** Models of the user's keys that can see, by the catalog: a few per key, the largest context first. */
  private async seeingModels(): Promise<SeeingModel[]> {
    const prices = this.deps.prices;
    if (!prices) return [];
    const keys = await this.deps.keys.list().catch(() => []);
    const named: SeeingModel[] = [];
    for (const key of keys) {
      if (key.damaged) continue;
      const seeing = (await prices.models(key.provider))
        .filter((entry) => sightOf(key.provider, entry, entry.id).vision)
        .sort((a, b) => (b.contextWindow ?? 0) - (a.contextWindow ?? 0) || (a.id < b.id ? 1 : -1));
      for (const entry of seeing.slice(0, 2)) named.push({ model: entry.id, keyLabel: key.label });
    }
    return named.slice(0, SEEING_NAMED);
  }

  /** What the request would cost and the budgets it reaches; undefined without budgets. Priced by the first target that can take the files. */
  private async check(message: StartMessage, targets: ResolvedTarget[], plan: FilePlan | undefined): Promise<BudgetEstimate | undefined> {
    if (!this.deps.budgets) return undefined;
    const size: RequestSize = { promptChars: promptChars(message.messages) };
    if (message.maxTokens !== undefined) size.maxTokens = message.maxTokens;
    let request = targets.map(({ connection, keyId, model }) => ({ provider: connection.provider, keyId, model }));
    if (plan) {
      const able = targets.flatMap((target, index) => (unsupportedIn(plan.deliveries[index] ?? new Map()) ? [] : [{ target, index }]));
      request = able.map(({ target }) => ({ provider: target.connection.provider, keyId: target.keyId, model: target.model }));
      const first = able[0];
      if (first) size.attachments = filesTokens(plan.files, plan.deliveries[first.index] ?? new Map(), first.target.connection.provider, first.target.model);
    }
    return this.deps.budgets.check(request, size, message.confirmCost === true);
  }

  private callsOf(message: StartMessage, targets: ResolvedTarget[], usage: UsageRecorder, plan: FilePlan | undefined): ChatCalls {
    const described = targets.map(({ connection, keyId, model }) => ({ provider: connection.provider, model, keyId }));
    const summary = plan && summarize(plan.files);
    const files = plan && summary && { summary, tokens: targets.map((target, index) => filesTokens(plan.files, plan.deliveries[index] ?? new Map(), target.connection.provider, target.model).tokens) };
    return new ChatCalls((call) => usage.track(call), this.deps.now, described, message.requestId, promptChars(message.messages), files);
  }

  private async resolveTargets(message: StartMessage): Promise<ResolvedTarget[]> {
    const targets: ResolvedTarget[] = [];
    const policy = await this.deps.policy?.inForce();
    for (const target of message.targets) {
      if (target.keyId === null) {
        // Keyless: Chrome's built-in model by its one id; any other model is one downloaded into the browser.
        const provider = target.model === BUILT_IN_MODEL_ID ? CHROME_BUILT_IN : IN_BROWSER;
        targets.push({ keyId: null, model: target.model, connection: { provider, secret: {}, settings: {} } });
        continue;
      }
      if (isGatewayKeyId(target.keyId)) {
        // The gateway chosen as the model's key (a user with no key of their own, or by choice).
        const gateway = await this.deps.policy?.gateway();
        if (!gateway) throw gatewayGone();
        targets.push(gatewayTarget(gateway, target.model));
        continue;
      }
      const unusable = policy?.gateway ? await this.unusableKey(target.keyId, policy) : await this.blockedKey(target.keyId, policy);
      if (unusable) {
        targets.push({ keyId: target.keyId, model: target.model, connection: { provider: unusable.provider, secret: {}, settings: {} }, unusable: unusable.reason });
        continue;
      }
      const { record, secret } = await this.deps.keys.useSecret(target.keyId);
      const connection: Connection = { provider: record.provider, secret, settings: record.settings };
      targets.push({ keyId: target.keyId, model: target.model, connection });
    }
    const first = targets[0];
    if (policy?.gateway && first && first.keyId !== null && !targets.some((target) => target.gateway)) {
      // The key is read from the policy now, for this answer only (src/policy/policy-service.ts).
      const gateway = await this.deps.policy?.gateway();
      if (gateway) targets.push(gatewayTarget(gateway, first.model));
    }
    // Every key blocked and no gateway to turn to: refused before anything is planned or priced.
    if (targets.length > 0 && targets.every((target) => target.unusable)) throw new AppError('PERMISSION_DENIED', targets[0]?.unusable ?? phrase('policy_keyBlocked'));
    return targets;
  }

  /** A key the policy blocks (its provider or server not allowed): why, else undefined. */
  private async blockedKey(keyId: string, policy: PolicyView | undefined): Promise<{ provider: Connection['provider']; reason: Phrase } | undefined> {
    if (!policy) return undefined;
    const { provider, settings } = await this.deps.keys.destination(keyId);
    return policyBlock(policy, provider, settings) ? { provider, reason: phrase('policy_keyBlocked') } : undefined;
  }

  /** With a gateway to turn to, a key that no longer exists is passed over too ("no key for that provider"). */
  private async unusableKey(keyId: string, policy: PolicyView): Promise<{ provider: Connection['provider']; reason: Phrase } | undefined> {
    try {
      return await this.blockedKey(keyId, policy);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return { provider: 'custom', reason: phrase('policy_keyMissing') };
      throw error;
    }
  }

  /** A target of the chain that cannot take the files: nothing is sent, and the chain moves on (or fails with the refusal). */
  private passOver(model: string, passedOver: WeakSet<Error>, reason?: Phrase): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<StreamEvent>> => {
          const error = new ProviderError('invalid-request', reason ?? unseenPhrase(model, await this.seeingModels()), { retryable: false });
          passedOver.add(error);
          throw error;
        },
      }),
    };
  }

  private async run(message: StartMessage, targets: ResolvedTarget[], perMinute: Promise<number>, writer: AnswerWriter, controller: AbortController, calls?: ChatCalls, plan?: FilePlan): Promise<void> {
    const opts: CallOptions = { signal: controller.signal };
    if (this.deps.extensionOrigin) opts.extensionOrigin = this.deps.extensionOrigin;
    if (this.deps.fetch) opts.fetch = this.deps.fetch;
    Object.assign(opts, this.deps.timeouts);
    const requestsPerMinute = await perMinute;
    // The provider messages carry text only: the attachment ids are the port's, the parts are added per target.
    const base: Omit<ChatRequest, 'model'> = { messages: message.messages.map(({ role, content }) => ({ role, content })) };
    if (message.maxTokens !== undefined) base.maxTokens = message.maxTokens;
    if (message.temperature !== undefined) base.temperature = message.temperature;

    /** Fallback targets that cannot take the files: passed over (the chain's `fallback` says why), never sent to. */
    const passedOver = new WeakSet<Error>();
    const runTarget = (target: FallbackTarget, request: ChatRequest, callOpts: CallOptions): AsyncIterable<StreamEvent> => {
      const resolved = targets.find((candidate) => candidate === target);
      const index = resolved ? targets.indexOf(resolved) : 0;
      const provider = target.connection.provider;
      if (resolved?.unusable) return this.passOver(target.model, passedOver, resolved.unusable);
      const deliveries = plan?.deliveries[index];
      if (plan && deliveries && unsupportedIn(deliveries)) return this.passOver(target.model, passedOver);
      const refusal = plan?.refusals[index];
      if (refusal) return this.passOver(target.model, passedOver, refusal);
      const send = (): AsyncIterable<StreamEvent> => {
        // Text files and PDF texts are inlined before the request's checks, so its size limit covers them.
        const prepared = prepareChatRequest(plan && deliveries ? { ...request, messages: withInlinedText(message.messages, plan.files, deliveries) } : request, { provider });
        if (!plan || !deliveries) return adapterFor(provider).streamChat(target.connection, prepared, callOpts);
        return sendWithFiles(target.connection, prepared, message.messages, plan.files, deliveries, callOpts);
      };
      return streamWithRetry(
        () => {
          if (resolved?.keyId) this.deps.limiter.acquire(resolved.keyId, requestsPerMinute);
          calls?.attempt(index);
          return send();
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
    const shouldFallback = (error: ProviderError, next: FallbackTarget) =>
      error.retryable || passedOver.has(error) || (next === targets.at(-1) && targets.at(-1)?.gateway === true && GATEWAY_FALLBACK_KINDS.has(error.kind));
    for await (const event of streamWithFallback(targets, base, opts, { run: runTarget, shouldFallback })) {
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
          if (targets[event.index]?.gateway) writer.record.answeredBy.gateway = true;
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

/**
 * Sends one attempt with the files: their parts are built from the Blobs now (base64), attached to
 * the prepared request (its text files and PDF texts already inlined), and emptied as soon as the
 * provider answers: the request object stays referenced by the adapter and
 * the retry and fallback layers for the whole stream, so this is what frees the bytes. A retry
 * builds them again.
 */
async function* sendWithFiles(
  connection: Connection,
  prepared: ChatRequest,
  messages: readonly PortChatMessage[],
  files: StartFiles,
  deliveries: ReadonlyMap<string, Delivery>,
  opts: CallOptions,
): AsyncGenerator<StreamEvent> {
  const parts = await partsFor(messages, files, deliveries);
  // prepareChatRequest kept the messages one for one: each gets its parts, then the request is checked
  // again with them (each part's type and size, the total the transport may carry).
  const withFiles = prepareChatRequest({ ...prepared, messages: withParts(prepared.messages, parts) }, { provider: connection.provider });
  try {
    let sent = false;
    for await (const event of adapterFor(connection.provider).streamChat(connection, withFiles, opts)) {
      if (!sent) {
        sent = true;
        dropParts(withFiles.messages);
        // The checked request holds copies of the part objects: the originals go too.
        for (const own of parts) if (own) own.length = 0;
        parts.length = 0;
      }
      yield event;
    }
  } finally {
    dropParts(withFiles.messages);
    parts.length = 0;
  }
}
