import { t } from '@/src/shared/i18n/text';
import { isQuotaError } from '@/src/shared/errors';
import type { AnswerError, AnswerRecord } from './answer-record';
import type { AnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from './port-protocol';

export interface Subscriber {
  post(message: ServerMessage): void;
}

const POST_EVERY_MS = 40;
const READABLE = /[\p{L}\p{N}]/u;
const SAVE_EVERY_MS = 250;


function notSaved(error: unknown): AnswerError {
  return { kind: isQuotaError(error) ? 'STORAGE_FULL' : 'not-saved', message: isQuotaError(error) ? t('answer_storageFull') : t('answer_notSaved'), retryable: false };
}

/**
 * Accumulates one streaming answer: batches deltas to the pages (so a fast stream does not flood
 * them) and saves the text to IndexedDB every quarter second (so a worker death loses at most that).
 *
 * A failed save (storage full) never stops the answer: it keeps streaming to the pages from
 * memory. At the end the pages are told it could not be saved, and the saved row is closed as
 * interrupted with the text it already held, so no row is left half-written (still "streaming").
 */
export class AnswerWriter {
  readonly subscribers = new Set<Subscriber>();
  private pendingText = '';
  private pendingReasoning = '';
  private postTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<unknown> = Promise.resolve();
  private lastPostAt = Number.NEGATIVE_INFINITY;
  /** Text the pages can read (a letter or a digit) was posted: from then on, deltas are batched. */
  private readablePosted = false;
  /** The last snapshot that reached the database, if any did. */
  private lastSaved: AnswerRecord | undefined;
  /** Why the last save failed; cleared by a later successful one. */
  private saveFailure: { error: unknown } | undefined;

  constructor(
    readonly record: AnswerRecord,
    private readonly db: AnswersDatabase,
    private readonly now: () => number,
  ) {}

  /** Characters received so far, text and reasoning together. */
  get size(): number {
    return this.record.text.length + this.record.reasoning.length;
  }

  async begin(): Promise<void> {
    await this.save();
  }

  broadcast(message: ServerMessage): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.post(message);
      } catch {
        this.subscribers.delete(subscriber);
      }
    }
  }

  append(kind: 'text' | 'reasoning', chunk: string): void {
    if (!chunk) return;
    if (this.record.firstTokenAt === undefined) this.record.firstTokenAt = this.now();
    if (kind === 'text') {
      this.record.text += chunk;
      this.pendingText += chunk;
    } else {
      this.record.reasoning += chunk;
      this.pendingReasoning += chunk;
    }
    if (this.postTimer === undefined) {
      // Deltas go out at once until the first readable words have (an answer often opens with
      // markup alone, such as "**"), and any after a quiet spell; a fast stream is batched.
      const wait = this.readablePosted ? this.lastPostAt + POST_EVERY_MS - this.now() : 0;
      if (wait <= 0) this.flushPost();
      else this.postTimer = setTimeout(() => this.flushPost(), wait);
    }
    this.saveTimer ??= setTimeout(() => void this.save(), SAVE_EVERY_MS);
  }

  flushPost(): void {
    clearTimeout(this.postTimer);
    this.postTimer = undefined;
    if (!this.pendingText && !this.pendingReasoning) return;
    this.lastPostAt = this.now();
    // Reasoning counts too, and so does a long run of symbols: the page is never flooded.
    this.readablePosted ||= READABLE.test(this.pendingText) || READABLE.test(this.pendingReasoning) || this.size > 256;
    this.broadcast({ type: 'delta', text: this.pendingText, reasoning: this.pendingReasoning });
    this.pendingText = '';
    this.pendingReasoning = '';
  }

  save(): Promise<unknown> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.record.updatedAt = this.now();
    const snapshot: AnswerRecord = { ...this.record, fellBackFrom: [...this.record.fellBackFrom] };
    this.saving = this.saving.then(() =>
      this.db.messages.put(snapshot).then(
        () => {
          this.lastSaved = snapshot;
          this.saveFailure = undefined;
        },
        (error: unknown) => {
          this.saveFailure = { error };
        },
      ),
    );
    return this.saving;
  }

  /** Final state: flush what the pages have not seen, save, and tell them. */
  async finish(update: Partial<AnswerRecord>, message: (answer: AnswerRecord) => ServerMessage): Promise<void> {
    this.flushPost();
    Object.assign(this.record, update, { completedAt: this.now() });
    await this.save();
    if (this.saveFailure) {
      const error = notSaved(this.saveFailure.error);
      await this.closeSavedRow(error);
      // The page keeps the whole answer it was shown; the provider's own error, if any, comes first.
      const shown: AnswerRecord = this.record.error
        ? { ...this.record, error: { ...this.record.error, message: `${this.record.error.message} ${error.message}` } }
        : { ...this.record, error };
      this.broadcast(message(shown));
      return;
    }
    this.broadcast(message(this.record));
  }

  /** The row on disk ends as what it holds: the text saved before storage ran out, interrupted. */
  private async closeSavedRow(error: AnswerError): Promise<void> {
    const saved = this.lastSaved;
    if (!saved) return;
    const closed: AnswerRecord = { ...saved, status: 'interrupted', error, updatedAt: this.now(), completedAt: this.now() };
    // If even this same-size rewrite is refused, the row stays "streaming": attach() and the next
    // worker start read such a row as interrupted, and nothing is deleted.
    await this.db.messages.put(closed).catch(() => undefined);
  }
}
