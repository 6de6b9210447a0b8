import { toCsv } from '@/src/usage/csv';
import type { AuditRow } from '@/src/usage/rows';
import type { UsageDexie } from '@/src/usage/usage-dexie';
import { isKeyEvent } from './actions';

export interface ProviderShare {
  calls: number;
  failed: number;
  cost: number;
}

/** What happened over a period, from the audit log alone. */
export interface ComplianceReport {
  from: string;
  to: string;
  generatedAt: string;
  totalCalls: number;
  succeeded: number;
  failed: number;
  /** Succeeded / calls, or null without calls. Stopped and interrupted calls count as neither. */
  successRate: number | null;
  totalCost: number;
  /** Unlocked sessions seen (by their hashes). */
  sessions: number;
  byProvider: Record<string, ProviderShare>;
  errorTypes: Record<string, number>;
  /** Per key, vault or budget action: how often it succeeded, and how often it failed, per error class. */
  keyEvents: Record<string, EventCounts>;
}

/**
 * One action's outcomes, apart: a wrong passphrase and a throttled attempt are audited as
 * `vault.unlocked` with outcome `error`, and are not unlocks.
 */
export interface EventCounts {
  ok: number;
  failed: number;
  /** The failures by error class (`WRONG_PASSPHRASE`, `THROTTLED`, …). */
  failures: Record<string, number>;
}

const isCall = (entry: AuditRow) => entry.action.startsWith('call.') || entry.action === 'key.tested';

export function readAudit(db: UsageDexie, from: number, to: number): Promise<AuditRow[]> {
  return db.audit.where('at').between(from, to, true, true).toArray();
}

export function complianceReport(entries: readonly AuditRow[], from: number, to: number, generatedAt: number): ComplianceReport {
  const report: ComplianceReport = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    generatedAt: new Date(generatedAt).toISOString(),
    totalCalls: 0,
    succeeded: 0,
    failed: 0,
    successRate: null,
    totalCost: 0,
    sessions: new Set(entries.flatMap((entry) => (entry.session ? [entry.session] : []))).size,
    byProvider: {},
    errorTypes: {},
    keyEvents: {},
  };
  for (const entry of entries) {
    if (entry.at < from || entry.at > to) continue;
    if (isCall(entry)) {
      report.totalCalls++;
      const share = (report.byProvider[entry.provider ?? 'unknown'] ??= { calls: 0, failed: 0, cost: 0 });
      share.calls++;
      share.cost += entry.cost ?? 0;
      report.totalCost += entry.cost ?? 0;
      if (entry.outcome === 'ok') report.succeeded++;
      if (entry.outcome === 'error') {
        report.failed++;
        share.failed++;
      }
    }
    if (entry.outcome === 'error') {
      const kind = entry.errorClass ?? 'unknown';
      report.errorTypes[kind] = (report.errorTypes[kind] ?? 0) + 1;
    }
    if (isKeyEvent(entry.action) || entry.action.startsWith('budget.')) {
      const counts = (report.keyEvents[entry.action] ??= { ok: 0, failed: 0, failures: {} });
      if (entry.outcome === 'error') {
        counts.failed++;
        const kind = entry.errorClass ?? 'unknown';
        counts.failures[kind] = (counts.failures[kind] ?? 0) + 1;
      } else counts.ok++;
    }
  }
  report.successRate = report.totalCalls === 0 ? null : report.succeeded / report.totalCalls;
  return report;
}

/** The report as CSV: one `section,name,value…` line per figure. */
export function reportCsv(report: ComplianceReport): string {
  const rows: (string | number | null)[][] = [
    ['period', 'from', report.from, ''],
    ['period', 'to', report.to, ''],
    ['period', 'generated', report.generatedAt, ''],
    ['calls', 'total', report.totalCalls, ''],
    ['calls', 'succeeded', report.succeeded, ''],
    ['calls', 'failed', report.failed, ''],
    ['calls', 'success rate', report.successRate, ''],
    ['calls', 'cost (USD)', report.totalCost, ''],
    ['sessions', 'unlocked sessions', report.sessions, ''],
  ];
  for (const [provider, share] of Object.entries(report.byProvider)) rows.push(['provider', provider, share.calls, share.failed], ['provider cost (USD)', provider, share.cost, '']);
  for (const [kind, count] of Object.entries(report.errorTypes)) rows.push(['error', kind, count, '']);
  for (const [action, counts] of Object.entries(report.keyEvents)) {
    rows.push(['event', action, counts.ok, counts.failed]);
    for (const [kind, count] of Object.entries(counts.failures)) rows.push(['event failure', `${action}: ${kind}`, count, '']);
  }
  return toCsv(['section', 'name', 'value', 'failed'], rows);
}

/** The audit log itself as CSV. */
export function auditCsv(entries: readonly AuditRow[]): string {
  return toCsv(
    ['time', 'action', 'outcome', 'error class', 'provider', 'model', 'key label', 'input tokens', 'output tokens', 'cost (USD)', 'detail', 'session', 'attachments', 'attachment bytes'],
    entries.map((entry) => [
      new Date(entry.at).toISOString(),
      entry.action,
      entry.outcome,
      entry.errorClass,
      entry.provider,
      entry.model,
      entry.keyLabel,
      entry.inputTokens,
      entry.outputTokens,
      entry.cost,
      entry.detail,
      entry.session,
      // Counts and bytes only (issue 16): the log never holds a file's name or content.
      entry.attachments?.count,
      entry.attachments?.bytes,
    ]),
  );
}
