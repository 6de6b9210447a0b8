import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuditLog } from '@/src/audit/audit-log';
import { auditCsv, complianceReport, readAudit, reportCsv } from '@/src/audit/report';
import { writeSettings, writeSpendSettings } from '@/src/settings/settings-store';
import { openUsageDatabase } from '@/src/usage/usage-db';
import { UsageDexie } from '@/src/usage/usage-dexie';
import type { AuditRow } from '@/src/usage/rows';
import { startMockProvider, type MockProvider } from '../../mock-provider/server';
import { CANARY_KEY, PASSPHRASE } from '../helpers/harness';
import { collector, requestId, spendHarness, type SpendHarness } from '../usage/helpers';

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());

const page = { sender: 'extension-page' } as const;
const NEW_PASSPHRASE = 'a completely different passphrase CANARYpass7Zq';
const PROMPT = 'CANARYprompt: my secret plan is to buy the moon';
const ROTATED_KEY = 'sk-proj-CANARYrotated9x8y7w6v5u4t3s2r1q0ABCDEFGH';

async function actions(h: SpendHarness): Promise<AuditRow[]> {
  await h.spend.recorder.idle();
  return h.spend.db.audit.orderBy('seq').toArray();
}

/** A whole session: create, add, test, chat, rotate, rename, lock, fail and succeed to unlock, change the passphrase, export, import, auto-lock, delete. */
async function fullSession(h: SpendHarness): Promise<void> {
  await writeSettings({ autoLock: 1 });
  await h.handlers['vault.create']({ passphrase: PASSPHRASE }, page);
  const key = await h.handlers['keys.add']({ provider: 'openai', label: 'Work key', secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${server.url}/v1` } }, page);
  await h.handlers['keys.test']({ id: key.id }, page);
  await h.chat.start({ type: 'start', requestId: requestId(), targets: [{ keyId: key.id, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content: PROMPT }] }, collector());
  await h.handlers['keys.rotate']({ id: key.id, secret: { apiKey: ROTATED_KEY } }, page);
  await h.handlers['keys.update']({ id: key.id, label: 'Renamed key' }, page);
  await h.handlers['vault.lock']({}, page);
  await expect(h.handlers['vault.unlock']({ passphrase: `${PASSPHRASE} wrong` }, page)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  await h.handlers['vault.unlock']({ passphrase: PASSPHRASE }, page);
  await h.handlers['vault.changePassphrase']({ current: PASSPHRASE, next: NEW_PASSPHRASE }, page);
  const backup = await h.handlers['vault.export']({ passphrase: NEW_PASSPHRASE }, page);
  await h.handlers['vault.import']({ content: backup.content, passphrase: NEW_PASSPHRASE }, page);
  h.clock.now += 61_000;
  await h.session.current(); // what the auto-lock alarm does
  await h.handlers['vault.unlock']({ passphrase: NEW_PASSPHRASE }, page);
  await h.handlers['keys.delete']({ id: key.id }, page);
}

describe('the audit log', () => {
  test('one entry per provider call and per key and vault event, with labels and outcomes', async () => {
    const h = spendHarness();
    await fullSession(h);
    const entries = await actions(h);
    const summary = entries.map((entry) => [entry.action, entry.outcome, entry.errorClass ?? entry.detail ?? entry.keyLabel ?? ''].join(' ').trim());
    expect(summary).toEqual([
      'vault.created ok',
      'key.added ok Work key',
      'key.tested ok Work key',
      'call.chat ok Work key',
      'key.rotated ok Work key',
      'key.updated ok Renamed key',
      'vault.locked ok manual',
      'vault.unlocked error WRONG_PASSPHRASE',
      'vault.unlocked ok',
      'vault.passphrase-changed ok',
      'vault.exported ok',
      'vault.imported ok',
      'vault.locked ok auto',
      'vault.unlocked ok',
      'key.deleted ok Renamed key',
    ]);
    expect(entries.find((entry) => entry.action === 'call.chat')).toMatchObject({ provider: 'openai', model: 'gpt-4.1-nano', inputTokens: expect.any(Number) as number, outputTokens: 300 });
  });

  test('sessions are told apart by a short hash only: same within an unlock (and a worker restart), new after a lock', async () => {
    const h = spendHarness();
    await h.handlers['vault.create']({ passphrase: PASSPHRASE }, page);
    const key = await h.handlers['keys.add']({ provider: 'openai', label: 'A', secret: { apiKey: CANARY_KEY }, settings: {} }, page);
    const restarted = h.restart();
    await restarted.handlers['keys.update']({ id: key.id, label: 'B' }, page);
    await restarted.handlers['vault.lock']({}, page);
    await expect(restarted.handlers['vault.unlock']({ passphrase: 'wrong passphrase here' }, page)).rejects.toThrow();
    await restarted.handlers['vault.unlock']({ passphrase: PASSPHRASE }, page);
    const sessions = (await actions(restarted)).map((entry) => entry.session);
    expect(sessions[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(sessions.slice(0, 4)).toEqual([sessions[0], sessions[0], sessions[0], sessions[0]]);
    expect(sessions[4]).toBeUndefined();
    expect(sessions[5]).toMatch(/^[0-9a-f]{16}$/);
    expect(sessions[5]).not.toBe(sessions[0]);
  });

  test('bounded: past the maximum only the newest entries stay (configurable)', async () => {
    const db = openUsageDatabase(`audit-bound-${Math.random()}`);
    let now = 0;
    const log = new AuditLog(db, () => ++now, async () => ({ max: 30, keep: 12 }));
    for (let i = 0; i < 30; i++) await log.write({ action: 'key.tested', outcome: 'ok', detail: String(i) });
    expect(await db.audit.count()).toBe(30);
    await log.write({ action: 'key.tested', outcome: 'ok', detail: '30' });
    const left = await db.audit.orderBy('seq').toArray();
    expect(left.map((entry) => entry.detail)).toEqual(Array.from({ length: 12 }, (_, i) => String(19 + i)));
  });

  test('an organisation’s audit floor: past the maximum, entries younger than the floor stay whatever the count', async () => {
    const db = openUsageDatabase(`audit-floor-${Math.random()}`);
    const DAY = 86_400_000;
    let now = 0;
    const log = new AuditLog(db, () => now, async () => ({ max: 30, keep: 12, keepSince: now - 10 * DAY }));
    // 20 entries 20 days old, then 11 written within the floor's 10 days.
    for (let i = 0; i < 20; i++) await db.audit.add({ at: i, action: 'key.tested', outcome: 'ok', detail: `old ${i}` });
    now = 20 * DAY;
    for (let i = 0; i < 11; i++) await log.write({ action: 'key.tested', outcome: 'ok', detail: `new ${i}` });
    const left = (await db.audit.orderBy('seq').toArray()).map((entry) => entry.detail);
    // Bounded to 12 by count: the old ones go, and none of the 11 within the floor.
    expect(left).toEqual(['old 19', ...Array.from({ length: 11 }, (_, i) => `new ${i}`)]);
    // With every entry within the floor, the count bound removes nothing.
    const young = new AuditLog(db, () => now, async () => ({ max: 5, keep: 2, keepSince: 0 }));
    await young.write({ action: 'key.tested', outcome: 'ok', detail: 'newest' });
    expect(await db.audit.count()).toBe(13);
  });

  test('the default bound is 10,000 entries, keeping the newest 5,000', async () => {
    const h = spendHarness();
    const rows: AuditRow[] = Array.from({ length: 10_000 }, (_, i) => ({ at: i, action: 'key.tested', outcome: 'ok', detail: String(i) }));
    await h.spend.db.audit.bulkAdd(rows);
    await h.spend.audit.write({ action: 'key.tested', outcome: 'ok', detail: 'newest' });
    expect(await h.spend.db.audit.count()).toBe(5_000);
    expect((await h.spend.db.audit.orderBy('seq').last())?.detail).toBe('newest');
    expect((await h.spend.db.audit.orderBy('seq').first())?.detail).toBe('5001');
    await writeSpendSettings({ retention: { detailDays: 30, errorDays: 90, aggregateDays: 365, auditDays: 365, auditMax: 4_000, auditKeep: 1_000 } });
    await h.spend.audit.bound();
    expect(await h.spend.db.audit.count()).toBe(1_000);
  });

  test('after a full session, neither the database nor the exported log holds a key, passphrase or prompt', async () => {
    const h = spendHarness();
    await fullSession(h);
    await h.spend.recorder.idle();
    const dump = JSON.stringify({
      calls: await h.spend.db.calls.toArray(),
      daily: await h.spend.db.daily.toArray(),
      audit: await h.spend.db.audit.toArray(),
      meta: await h.spend.db.meta.toArray(),
    });
    const entries = await readAudit(new UsageDexie(h.spend.db.name), 0, h.clock.now);
    const report = complianceReport(entries, 0, h.clock.now, h.clock.now);
    const exported = [JSON.stringify(entries), auditCsv(entries), JSON.stringify(report), reportCsv(report)].join('\n');
    expect(entries.length).toBeGreaterThan(10);
    for (const text of [dump, exported]) {
      for (const secret of [CANARY_KEY, ROTATED_KEY, PASSPHRASE, NEW_PASSPHRASE, PROMPT, 'CANARY', 'moon']) expect(text).not.toContain(secret);
    }
    // Positive control: the labels are there, so the search would have found text.
    expect(dump).toContain('Work key');
    expect(exported).toContain('Renamed key');
  });
});

describe('the compliance report', () => {
  const at = (minute: number) => Date.UTC(2026, 10, 23, 9, minute);
  const entries: AuditRow[] = [
    { at: at(0), action: 'vault.unlocked', outcome: 'ok', session: 'aaaa' },
    { at: at(1), action: 'call.chat', provider: 'openai', outcome: 'ok', cost: 0.5, session: 'aaaa' },
    { at: at(2), action: 'call.chat', provider: 'openai', outcome: 'error', errorClass: 'overloaded', cost: 0, session: 'aaaa' },
    { at: at(3), action: 'call.chat', provider: 'anthropic', outcome: 'ok', cost: 0.25, session: 'bbbb' },
    { at: at(4), action: 'key.tested', provider: 'anthropic', outcome: 'error', errorClass: 'key-rejected', session: 'bbbb' },
    { at: at(5), action: 'call.chat', provider: 'anthropic', outcome: 'stopped', cost: 0.01, session: 'bbbb' },
    { at: at(6), action: 'vault.unlocked', outcome: 'error', errorClass: 'WRONG_PASSPHRASE' },
    { at: at(7), action: 'key.added', outcome: 'ok', keyLabel: '=HYPERLINK("x")' },
    { at: at(90), action: 'call.chat', provider: 'openai', outcome: 'ok', cost: 9 },
  ];

  test('calls, success rate, providers, error types and key events over the period', () => {
    const report = complianceReport(entries, at(0), at(60), at(61));
    expect(report).toMatchObject({
      totalCalls: 5,
      succeeded: 2,
      failed: 2,
      successRate: 0.4,
      sessions: 2,
      byProvider: { openai: { calls: 2, failed: 1, cost: 0.5 }, anthropic: { calls: 3, failed: 1, cost: 0.26 } },
      errorTypes: { overloaded: 1, 'key-rejected': 1, WRONG_PASSPHRASE: 1 },
      keyEvents: { 'vault.unlocked': { ok: 1, failed: 1 }, 'key.tested': { ok: 0, failed: 1 }, 'key.added': { ok: 1, failed: 0 } },
    });
    expect(report.totalCost).toBeCloseTo(0.76, 12);
  });

  test('failed unlocks are not unlocks: each outcome is counted apart, by its error class', () => {
    const unlocks: AuditRow[] = [
      ...Array.from({ length: 5 }, (_, i): AuditRow => ({ at: at(i), action: 'vault.unlocked', outcome: 'error', errorClass: 'WRONG_PASSPHRASE' })),
      ...Array.from({ length: 3 }, (_, i): AuditRow => ({ at: at(10 + i), action: 'vault.unlocked', outcome: 'error', errorClass: 'THROTTLED' })),
      { at: at(20), action: 'vault.unlocked', outcome: 'ok' },
    ];
    const report = complianceReport(unlocks, at(0), at(60), at(61));
    expect(report.keyEvents['vault.unlocked']).toEqual({ ok: 1, failed: 8, failures: { WRONG_PASSPHRASE: 5, THROTTLED: 3 } });
    const csv = reportCsv(report).split('\r\n');
    expect(csv).toContain('event,vault.unlocked,1,8');
    expect(csv).toContain('event failure,vault.unlocked: WRONG_PASSPHRASE,5,');
    expect(csv).toContain('event failure,vault.unlocked: THROTTLED,3,');
  });

  test('CSV downloads quote fields and neutralise spreadsheet formulas in labels', () => {
    const csv = auditCsv(entries);
    expect(csv.split('\r\n')[0]).toBe('time,action,outcome,error class,provider,model,key label,input tokens,output tokens,cost (USD),detail,session,attachments,attachment bytes');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(reportCsv(complianceReport(entries, at(0), at(60), at(61)))).toContain('calls,success rate,0.4,');
  });
});
