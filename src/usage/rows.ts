/**
 * What the usage database holds. No key, prompt or answer ever goes here: a call is described by
 * its provider, model, the key's label (resolved when the call is recorded), token counts and cost.
 */
export const CALL_KINDS = ['chat', 'test', 'models', 'embedding'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_OUTCOMES = ['ok', 'error', 'stopped', 'interrupted'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

/** One provider call: a chat attempt (each failed fallback or retry attempt is its own), an embedding request, a connection test or a model list. */
export interface CallRow extends TokenCounts {
  id: string;
  /** When the call started, epoch ms. */
  at: number;
  /** The local day it started on, YYYY-MM-DD. */
  day: string;
  kind: CallKind;
  provider: string;
  /** Empty for connection tests and model lists. */
  model: string;
  keyId: string | null;
  keyLabel: string;
  /** True when the provider reported no usage and the counts are a characters / 4 guess. */
  estimated: boolean;
  /** USD; null when the model's price is unknown. */
  cost: number | null;
  latencyMs: number;
  /** Time to the first token, or null when none arrived (always null for tests and model lists). */
  ttftMs: number | null;
  outcome: CallOutcome;
  /** The error class (a provider error kind, a connection verdict), for failed calls. */
  errorKind?: string;
  /** The chat answer the call belongs to. */
  requestId?: string;
}

/**
 * Connection tests and model lists are recorded without a model (a chat call always has one), so
 * their daily rows are the ones without a model: they cost nothing and are counted apart from
 * chat calls (also in rows recorded before they were priced at zero).
 */
export function isChatRow(row: { model: string }): boolean {
  return row.model !== '';
}

/** The totals of one local day for one provider, model and key: kept a year, long after the calls. */
export interface DailyRow extends TokenCounts {
  /** dailyId(day, provider, model, keyId). */
  id: string;
  day: string;
  provider: string;
  model: string;
  keyId: string | null;
  /** The key's label when its latest call was recorded. */
  keyLabel: string;
  /** Set on the rows of embedding calls (issue 19), which the Usage tab shows as embeddings; absent on chat rows and checks. */
  kind?: 'embedding';
  calls: number;
  errors: number;
  estimatedCalls: number;
  /** Calls of an unknown price: they add no cost. */
  unpricedCalls: number;
  cost: number;
}

export const AUDIT_OUTCOMES = ['ok', 'error', 'stopped', 'interrupted'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit entry: a provider call or a key, vault or budget event. Never a secret, prompt or answer. */
/** The files sent with a chat request, as the audit log records them: counts and bytes, never a name or content. */
export interface AttachmentSummary {
  count: number;
  images: number;
  pdfs: number;
  texts: number;
  /** Bytes stored (images after re-encoding), before base64. */
  bytes: number;
}

export interface AuditRow {
  seq?: number;
  at: number;
  action: string;
  /** A truncated SHA-256 of a random id made at unlock: tells sessions apart, identifies nothing. */
  session?: string;
  provider?: string;
  model?: string;
  keyLabel?: string;
  inputTokens?: number;
  outputTokens?: number;
  cost?: number | null;
  outcome: AuditOutcome;
  errorClass?: string;
  /** A short fixed word (`manual`, `auto`) or the name of a budget cap; never user content. */
  detail?: string;
  /** A chat call's attachments: counts and total bytes only. */
  attachments?: AttachmentSummary;
}
