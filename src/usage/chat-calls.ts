import type { AnswerRecord } from '@/src/chat/answer-record';
import { estimateTokens } from '@/src/providers/usage';
import type { CallInput } from './recorder';
import type { AttachmentSummary, CallOutcome } from './rows';

export interface CallTarget {
  provider: string;
  model: string;
  keyId: string | null;
}

const OUTCOMES: Partial<Record<AnswerRecord['status'], CallOutcome>> = { complete: 'ok', stopped: 'stopped', interrupted: 'interrupted' };

/**
 * The provider calls of one chat answer: every attempt (a retry, a fallback target) is a call of its
 * own. Failed attempts are recorded as they fail; the last one when the answer is saved, from it.
 */
export class ChatCalls {
  private index = -1;
  private startedAt = 0;
  /** An attempt is under way and not recorded yet. */
  private open = false;

  constructor(
    private readonly track: (call: CallInput) => void,
    private readonly now: () => number,
    private readonly targets: readonly CallTarget[],
    private readonly requestId: string,
    private readonly promptChars: number,
    /** The request's attachments: their input tokens per target (for estimates), and the audit's counts. */
    private readonly files?: { tokens: readonly number[]; summary: AttachmentSummary },
  ) {}

  private withFiles(call: CallInput): CallInput {
    if (this.files) call.attachments = { ...this.files.summary };
    return call;
  }

  /** An attempt at target `index` is being sent. */
  attempt(index: number): void {
    this.index = index;
    this.startedAt = this.now();
    this.open = true;
  }

  /** The current attempt failed before answering (it will be retried, or the next target tried). */
  failed(kind: string): void {
    const target = this.targets[this.index];
    if (!target || !this.open) return;
    this.open = false;
    this.track(this.withFiles({ kind: 'chat', ...target, startedAt: this.startedAt, endedAt: this.now(), outcome: 'error', errorKind: kind, requestId: this.requestId }));
  }

  /**
   * The answer is saved: records its last attempt. Without usage from the provider (stopped, failed
   * mid-stream, interrupted) the tokens are estimated at four characters each: the prompt, and what
   * arrived of the answer. A call that failed before any text is counted without tokens.
   */
  finished(answer: AnswerRecord): void {
    const target = this.targets[this.index];
    if (!target || !this.open) return;
    this.open = false;
    const outcome = OUTCOMES[answer.status] ?? 'error';
    const received = answer.text.length + answer.reasoning.length;
    const call: CallInput = { kind: 'chat', ...target, startedAt: this.startedAt, endedAt: answer.completedAt ?? this.now(), outcome, requestId: this.requestId };
    if (answer.usage) call.usage = answer.usage;
    else if (outcome !== 'error' || received > 0) {
      const fileTokens = this.files?.tokens[this.index] ?? 0;
      call.usage = { inputTokens: estimateTokens(this.promptChars) + fileTokens, outputTokens: estimateTokens(received), cachedInputTokens: 0, reasoningTokens: 0, estimated: true };
    }
    if (answer.firstTokenAt !== undefined && answer.firstTokenAt >= this.startedAt) call.firstTokenAt = answer.firstTokenAt;
    if (outcome === 'error') call.errorKind = answer.error?.kind ?? 'unknown';
    this.track(this.withFiles(call));
  }
}
