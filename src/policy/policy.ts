import type { ProviderId } from '@/src/providers/definitions';
import type { ProviderSettings } from '@/src/providers/schemas';
import { expectedOrigins } from '@/src/providers/hosts';
import { AUTO_LOCK_CHOICES, type AutoLockSetting, type SpendSettings } from '@/src/settings/schemas';
import type { BudgetCap } from '@/src/budget/schemas';
import { OrganisationPolicy, type PolicyProblemKind, type PolicyState, type PolicyView } from './schema';

/**
 * What an organisation policy means, as pure functions: checking it whole, and what each rule
 * allows. The worker applies them (src/policy/policy-service.ts and the handlers); pages use the
 * same functions on the policy's view to show what is managed and what is blocked.
 */

const MAX_PROBLEMS = 50;

interface Issue {
  code: string;
  path: readonly PropertyKey[];
  keys?: readonly string[];
}

function kindOf(code: string): PolicyProblemKind {
  switch (code) {
    case 'unrecognized_keys':
      return 'unknown-setting';
    case 'invalid_type':
      return 'wrong-type';
    case 'too_small':
    case 'too_big':
      return 'out-of-range';
    case 'invalid_value':
    case 'invalid_union':
      return 'not-allowed-value';
    default:
      return 'bad-format';
  }
}

const fieldOf = (path: readonly PropertyKey[]) => path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');

/**
 * The administrator's policy, checked whole: every field valid, or the whole policy rejected with
 * where and how it is wrong. Never half-applied: a rejected policy sets nothing. The problems name
 * fields and kinds only, never values (the gateway's key may be the wrong one).
 */
export function checkPolicy(raw: Record<string, unknown> | undefined): PolicyState {
  if (raw === undefined) return { status: 'none' };
  const parsed = OrganisationPolicy.safeParse(raw);
  if (!parsed.success) {
    const problems = (parsed.error.issues as readonly Issue[]).flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys?.length
        ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), kind: kindOf(issue.code) }))
        : [{ field: fieldOf(issue.path) || '(policy)', kind: kindOf(issue.code) }],
    );
    return { status: 'rejected', problems: problems.slice(0, MAX_PROBLEMS) };
  }
  return { status: 'active', policy: viewOf(parsed.data) };
}

/** The policy without the gateway's key: what pages and the cached state hold. */
export function viewOf(policy: OrganisationPolicy): PolicyView {
  const { gateway, keyAgeReminderDays, ...rest } = policy;
  const view: PolicyView = { ...rest };
  if (gateway) view.gateway = gateway.model === undefined ? { provider: gateway.provider, baseUrl: gateway.baseUrl } : { provider: gateway.provider, baseUrl: gateway.baseUrl, model: gateway.model };
  if (keyAgeReminderDays !== undefined) view.maxKeyAgeDays = keyAgeReminderDays;
  return view;
}

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
  return AUTO_LOCK_CHOICES.find((choice) => choice === cap) ?? AUTO_LOCK_CHOICES[0];
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
