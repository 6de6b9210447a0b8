import type { AuditLog } from '@/src/audit/audit-log';
import type { AuditAction } from '@/src/audit/actions';
import { addCall, dailyId } from './aggregate';
import { dayKey, type TzOffset } from './day';
import type { AttachmentSummary, CallKind, CallOutcome, CallRow, TokenCounts } from './rows';
import { isValidDailyRow } from './valid-rows';
import type { UsageDatabase } from './usage-db';

/** One provider call as its caller knows it; the recorder adds the label, the cost and the day. */
export interface CallInput {
  kind: CallKind;
  provider: string;
  model: string;
  keyId: string | null;
  startedAt: number;
  endedAt: number;
  firstTokenAt?: number;
  usage?: TokenCounts & { estimated: boolean };
  outcome: CallOutcome;
  errorKind?: string;
  requestId?: string;
  /** A chat call's attachments: counts and bytes for the audit log. */
  attachments?: AttachmentSummary;
}

export interface RecorderDeps {
  db: UsageDatabase;
  audit: AuditLog;
  /** The key's label now (never the key), or a stand-in for keyless calls. */
  labelOf: (keyId: string | null, provider: string) => Promise<string>;
  cost: (provider: string, model: string, usage: TokenCounts, at: number) => Promise<number | null>;
  offset?: TzOffset;
  /** After each call is saved (the toolbar badge follows the budgets). */
  onRecorded?: () => void;
}

const NONE = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false };
const ACTIONS: Record<CallKind, AuditAction> = { chat: 'call.chat', test: 'key.tested', models: 'call.models', embedding: 'call.embedding' };

/**
 * Saves each provider call, its day's totals and its audit entry in one transaction. Recording runs
 * beside the answer, never before it: `track` returns at once, and `idle()` waits for what is pending.
 */
export class UsageRecorder {
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: RecorderDeps) {}

  track(input: CallInput): void {
    const saving = this.record(input).catch((error: unknown) => console.warn('Keyward: a usage record could not be saved.', error));
    this.pending.add(saving);
    void saving.finally(() => this.pending.delete(saving));
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async record(input: CallInput): Promise<CallRow> {
    const { db, audit } = this.deps;
    const { estimated, ...counts } = input.usage ?? NONE;
    const row: CallRow = {
      id: crypto.randomUUID(),
      at: input.startedAt,
      day: dayKey(input.startedAt, this.deps.offset),
      kind: input.kind,
      provider: input.provider,
      model: input.model,
      keyId: input.keyId,
      keyLabel: await this.deps.labelOf(input.keyId, input.provider),
      ...counts,
      estimated,
      // Connection tests and model lists cost nothing: they are not priced (and never "of unknown price").
      cost: input.kind === 'chat' || input.kind === 'embedding' ? await this.deps.cost(input.provider, input.model, counts, input.startedAt) : 0,
      latencyMs: Math.max(0, input.endedAt - input.startedAt),
      ttftMs: input.firstTokenAt === undefined ? null : Math.max(0, input.firstTokenAt - input.startedAt),
      outcome: input.outcome,
      errorKind: input.errorKind,
      requestId: input.requestId,
    };
    const { provider, model, keyLabel, inputTokens, outputTokens, cost, outcome, errorKind } = row;
    const entry = await audit.entry({ action: ACTIONS[input.kind], provider, model, keyLabel, inputTokens, outputTokens, cost, outcome, errorClass: errorKind });
    if (input.attachments) entry.attachments = { ...input.attachments };
    await db.transaction('rw', ['calls', 'daily', 'audit'], async (tx) => {
      await tx.calls.add(row);
      const daily = await tx.daily.get(dailyId(row.day, row.provider, row.model, row.keyId));
      // A damaged total is kept as it is (never overwritten): the call itself is still recorded.
      if (daily === undefined || isValidDailyRow(daily)) await tx.daily.put(addCall(daily, row));
      await tx.audit.add(entry);
    });
    await audit.bound();
    this.deps.onRecorded?.();
    return row;
  }
}
