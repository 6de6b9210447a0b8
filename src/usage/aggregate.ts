import { isChatRow, type CallRow, type DailyRow, type TokenCounts } from './rows';

export function dailyId(day: string, provider: string, model: string, keyId: string | null): string {
  return [day, provider, model, keyId ?? ''].join('\t');
}

/** A day's row with one more call counted in. */
export function addCall(row: DailyRow | undefined, call: CallRow): DailyRow {
  const next: DailyRow = row
    ? { ...row }
    : {
        id: dailyId(call.day, call.provider, call.model, call.keyId),
        day: call.day,
        provider: call.provider,
        model: call.model,
        keyId: call.keyId,
        keyLabel: call.keyLabel,
        calls: 0,
        errors: 0,
        estimatedCalls: 0,
        unpricedCalls: 0,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      };
  next.keyLabel = call.keyLabel;
  // Embedding models are their own ids, so a day's row is either all embeddings or none.
  if (call.kind === 'embedding') next.kind = 'embedding';
  next.calls++;
  next.inputTokens += call.inputTokens;
  next.outputTokens += call.outputTokens;
  next.cachedInputTokens += call.cachedInputTokens;
  next.reasoningTokens += call.reasoningTokens;
  if (call.estimated) next.estimatedCalls++;
  if (call.cost === null) next.unpricedCalls++;
  else next.cost += call.cost;
  if (call.outcome === 'error') next.errors++;
  return next;
}

export interface Totals extends TokenCounts {
  /** Chat calls. */
  calls: number;
  /** Connection tests and model lists: free, and not in the other figures. */
  checks: number;
  /** The embedding calls among `calls` (issue 19). */
  embeddingCalls: number;
  errors: number;
  estimatedCalls: number;
  unpricedCalls: number;
  cost: number;
}

export function emptyTotals(): Totals {
  return { calls: 0, checks: 0, embeddingCalls: 0, errors: 0, estimatedCalls: 0, unpricedCalls: 0, cost: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
}

/** Adds a day's row: a chat row to the chat figures, a row of connection tests and model lists to `checks` only. */
function addTotals(into: Totals, row: DailyRow): void {
  if (!isChatRow(row)) {
    into.checks += row.calls;
    return;
  }
  into.calls += row.calls;
  if (row.kind === 'embedding') into.embeddingCalls += row.calls;
  into.errors += row.errors;
  into.estimatedCalls += row.estimatedCalls;
  into.unpricedCalls += row.unpricedCalls;
  into.cost += row.cost;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.cachedInputTokens += row.cachedInputTokens;
  into.reasoningTokens += row.reasoningTokens;
}

export function sumRows(rows: readonly DailyRow[]): Totals {
  const total = emptyTotals();
  for (const row of rows) addTotals(total, row);
  return total;
}

/** Totals per group, in first-seen order. */
export function groupRows<T extends DailyRow>(rows: readonly T[], keyOf: (row: T) => string): Map<string, Totals> {
  const groups = new Map<string, Totals>();
  for (const row of rows) {
    const key = keyOf(row);
    let group = groups.get(key);
    if (!group) {
      group = emptyTotals();
      groups.set(key, group);
    }
    addTotals(group, row);
  }
  return groups;
}
