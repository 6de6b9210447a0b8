import { describe, expect, test } from 'vitest';
import { AuditLog } from '@/src/audit/audit-log';
import { sumRows, groupRows } from '@/src/usage/aggregate';
import { dayKey, monthKey, type TzOffset } from '@/src/usage/day';
import { pricesWith } from '@/src/usage/prices';
import { UsageRecorder, type CallInput } from '@/src/usage/recorder';
import { openUsageDatabase } from '@/src/usage/usage-db';
import { createCatalogLookup } from '@/src/catalog/catalog';
import { catalogFile } from './helpers';

const lookup = createCatalogLookup(catalogFile).findModel;
let counter = 0;

function recorder(offset: TzOffset, labels: Record<string, string> = { k1: 'Work', k2: 'Personal' }) {
  const db = openUsageDatabase(`usage-agg-${++counter}`);
  const audit = new AuditLog(db, () => Date.UTC(2026, 11, 31), async () => ({ max: 10_000, keep: 5_000 }));
  const rec = new UsageRecorder({
    db,
    audit,
    offset,
    labelOf: async (keyId) => (keyId === null ? 'Chrome built-in' : (labels[keyId] ?? 'deleted key')),
    cost: async (provider, model, usage, at) => pricesWith(lookup, {}).cost(provider, model, usage, at),
  });
  return { db, rec };
}

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
function chat(at: number, extra: Partial<CallInput> = {}): CallInput {
  return { kind: 'chat', provider: 'openai', model: 'gpt-4o-mini', keyId: 'k1', startedAt: at, endedAt: at + 1_500, firstTokenAt: at + 300, usage: usage(1_000_000, 0), outcome: 'ok', ...extra };
}

const TOKYO: TzOffset = () => -9 * 60;
const NEW_YORK: TzOffset = () => 5 * 60;
const UTC: TzOffset = () => 0;

describe('daily aggregates, kept as calls are recorded', () => {
  test('a call is stored with its label, cost, latency and time to first token, never with a key', async () => {
    const { db, rec } = recorder(UTC);
    const row = await rec.record(chat(Date.UTC(2026, 10, 23, 12)));
    expect(row).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', keyId: 'k1', keyLabel: 'Work', inputTokens: 1_000_000, latencyMs: 1_500, ttftMs: 300, outcome: 'ok', day: '2026-11-23' });
    expect(row.cost).toBeCloseTo(0.15, 12);
    expect(await db.calls.count()).toBe(1);
    expect(await db.audit.toArray()).toMatchObject([{ action: 'call.chat', provider: 'openai', model: 'gpt-4o-mini', keyLabel: 'Work', inputTokens: 1_000_000, outcome: 'ok' }]);
  });

  test('per local day, provider, model and key; failed calls and unknown prices are counted apart', async () => {
    const { db, rec } = recorder(UTC);
    const day = Date.UTC(2026, 10, 23, 10);
    await rec.record(chat(day));
    await rec.record(chat(day + 60_000));
    await rec.record(chat(day + 120_000, { keyId: 'k2' }));
    await rec.record(chat(day + 180_000, { outcome: 'error', errorKind: 'overloaded', usage: undefined }));
    await rec.record(chat(day + 240_000, { model: 'my-private-model' }));
    const rows = await db.daily.orderBy('id').toArray();
    expect(rows).toHaveLength(3);
    const work = rows.find((row) => row.keyId === 'k1' && row.model === 'gpt-4o-mini');
    expect(work).toMatchObject({ day: '2026-11-23', calls: 3, errors: 1, inputTokens: 2_000_000, keyLabel: 'Work' });
    expect(work?.cost).toBeCloseTo(0.3, 12);
    expect(rows.find((row) => row.model === 'my-private-model')).toMatchObject({ calls: 1, unpricedCalls: 1, cost: 0 });
    const total = sumRows(rows);
    expect(total).toMatchObject({ calls: 5, errors: 1, unpricedCalls: 1 });
    expect(total.cost).toBeCloseTo(0.45, 12);
    expect([...groupRows(rows, (row) => row.keyLabel).keys()].sort()).toEqual(['Personal', 'Work']);
  });

  test('connection tests and model lists cost nothing and are counted apart from chat calls', async () => {
    const { db, rec } = recorder(UTC);
    const day = Date.UTC(2026, 10, 23, 10);
    await rec.record(chat(day));
    const test = await rec.record({ kind: 'test', provider: 'openai', model: '', keyId: 'k1', startedAt: day + 1, endedAt: day + 200, outcome: 'ok' });
    await rec.record({ kind: 'models', provider: 'openai', model: '', keyId: 'k1', startedAt: day + 2, endedAt: day + 300, outcome: 'error', errorKind: 'network' });
    expect(test.cost).toBe(0);
    const rows = await db.daily.toArray();
    expect(rows.find((row) => row.model === '')).toMatchObject({ calls: 2, unpricedCalls: 0, cost: 0 });
    const total = sumRows(rows);
    expect(total).toMatchObject({ calls: 1, checks: 2, errors: 0, unpricedCalls: 0, inputTokens: 1_000_000 });
    expect(total.cost).toBeCloseTo(0.15, 12);
    // Rows recorded before checks were free (cost null, so "of unknown price") are counted apart too.
    const old = { ...rows.find((row) => row.model === '')!, unpricedCalls: 2 };
    expect(sumRows([old])).toMatchObject({ calls: 0, checks: 2, unpricedCalls: 0 });
  });

  test.each([
    ['UTC', UTC, ['2026-11-30', '2026-12-01'], { '2026-11': 0.15, '2026-12': 0.3 }],
    ['Tokyo (UTC+9)', TOKYO, ['2026-12-01'], { '2026-12': 0.45 }],
    ['New York (UTC−5)', NEW_YORK, ['2026-11-30'], { '2026-11': 0.45 }],
  ] as const)('calls around midnight UTC fall on the local days and months of %s', async (_zone, offset, days, months) => {
    const { db, rec } = recorder(offset);
    // 30 Nov 23:30 UTC, 1 Dec 00:30 UTC, 1 Dec 03:00 UTC.
    const calls = [Date.UTC(2026, 10, 30, 23, 30), Date.UTC(2026, 11, 1, 0, 30), Date.UTC(2026, 11, 1, 3)];
    for (const at of calls) await rec.record(chat(at));
    const rows = await db.daily.toArray();
    expect(rows.map((row) => row.day).sort()).toEqual(days);
    const byMonth = groupRows(rows, (row) => row.day.slice(0, 7));
    expect(Object.fromEntries([...byMonth].map(([month, totals]) => [month, Number(totals.cost.toFixed(6))]))).toEqual(months);
    expect(calls.map((at) => monthKey(at, offset))).toEqual(calls.map((at) => dayKey(at, offset).slice(0, 7)));
  });

  test('the key label is read when the call is recorded: a renamed key keeps its old label on old calls', async () => {
    const labels: Record<string, string> = { k1: 'Old name' };
    const { db, rec } = recorder(UTC, labels);
    await rec.record(chat(Date.UTC(2026, 10, 23, 9)));
    labels.k1 = 'New name';
    await rec.record(chat(Date.UTC(2026, 10, 23, 10)));
    expect((await db.calls.orderBy('at').toArray()).map((call) => call.keyLabel)).toEqual(['Old name', 'New name']);
    expect((await db.daily.toArray())[0]?.keyLabel).toBe('New name');
  });
});
