import type { ProviderId } from '@/src/providers/definitions';
import type { ProviderSettings } from '@/src/providers/schemas';
import { expectedOrigins } from '@/src/providers/hosts';
import type { AutoLockSetting, SpendSettings } from '@/src/settings/schemas';
import type { BudgetCap } from '@/src/budget/schemas';
import type { PolicyState, PolicyView } from './schema';

/**
 * What each rule of an organisation policy allows, as pure functions over the policy's view (no
 * schema here: the options page uses them too, without zod; check.ts checks a policy). The worker
 * applies them (the handlers, src/policy/guard.ts, the chat); pages use the same functions to show
 * what is managed and what is blocked.
 */

/** The policy in force, or undefined when none is (none set, or rejected). */
export function policyInForce(state: PolicyState): PolicyView | undefined {
  return state.status === 'active' ? state.policy : undefined;
}

/** Whether a host name matches one of the patterns: exact, or `*.domain` for the domain and every name under it. */
export function hostAllowed(patterns: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    if (!pattern.startsWith('*.')) return host === pattern;
    const domain = pattern.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  });
}

export type PolicyBlock = 'provider' | 'host';

/**
 * Why the policy forbids a key of `provider` with these settings: its provider is not allowed, or a
 * server it would reach is not on the allowed hosts (a key whose server cannot be told is blocked
 * too). Undefined when it is allowed.
 */
export function policyBlock(policy: PolicyView | undefined, provider: ProviderId, settings: ProviderSettings): PolicyBlock | undefined {
  if (!policy) return undefined;
  if (policy.allowedProviders && !policy.allowedProviders.includes(provider)) return 'provider';
  if (policy.allowedHosts) {
    const origins = expectedOrigins(provider, settings);
    if (origins.length === 0 || origins.some((origin) => !hostAllowed(policy.allowedHosts ?? [], new URL(origin).hostname))) return 'host';
  }
  return undefined;
}

/** How long a setting keeps the vault unlocked, in minutes ('browser-close' is the longest). */
const reach = (setting: AutoLockSetting): number => (setting === 'browser-close' ? Number.POSITIVE_INFINITY : setting);

/** Whether the policy allows this auto-lock setting. */
export function autoLockAllowed(policy: PolicyView | undefined, setting: AutoLockSetting): boolean {
  return policy?.maxAutoLockMinutes === undefined || reach(setting) <= policy.maxAutoLockMinutes;
}

/** The auto-lock in force: the user's, or the policy's longest when the user's is longer. */
export function effectiveAutoLock(policy: PolicyView | undefined, stored: AutoLockSetting): AutoLockSetting {
  const cap = policy?.maxAutoLockMinutes;
  if (cap === undefined || reach(stored) <= cap) return stored;
  // The schema allows only the choices as the cap (src/policy/schema.ts).
  return cap as AutoLockSetting;
}

/** The budget caps the policy adds: global, per local day and calendar month; the user cannot edit, delete or override them. */
export const POLICY_CAP_IDS = { day: 'organisation-day', month: 'organisation-month' } as const;

export function isPolicyCap(capId: string): boolean {
  return capId === POLICY_CAP_IDS.day || capId === POLICY_CAP_IDS.month;
}

function policyCaps(policy: PolicyView | undefined): BudgetCap[] {
  const caps: BudgetCap[] = [];
  if (policy?.spendCapDailyUsd !== undefined) caps.push({ id: POLICY_CAP_IDS.day, scope: 'global', period: 'day', limitUsd: policy.spendCapDailyUsd });
  if (policy?.spendCapMonthlyUsd !== undefined) caps.push({ id: POLICY_CAP_IDS.month, scope: 'global', period: 'month', limitUsd: policy.spendCapMonthlyUsd });
  return caps;
}

/**
 * The spend settings in force: the user's, with the policy's caps added (the user's own caps still
 * apply beside them: a user may spend less, never more) and the audit log kept at least as long as
 * the policy says. A stored cap with a policy cap's id (never written by the forms) is dropped.
 */
export function effectiveSpendSettings(policy: PolicyView | undefined, stored: SpendSettings): SpendSettings {
  if (!policy) return stored;
  const caps = [...stored.caps.filter((cap) => !isPolicyCap(cap.id)), ...policyCaps(policy)];
  const floor = policy.auditRetentionMinDays;
  const retention = floor !== undefined && stored.retention.auditDays < floor ? { ...stored.retention, auditDays: floor } : stored.retention;
  return { ...stored, caps, retention };
}
