import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import type { ProviderId } from '@/src/providers/definitions';
import type { ProviderSettings } from '@/src/providers/schemas';
import type { AutoLockSetting } from '@/src/settings/schemas';
import { autoLockAllowed, isPolicyCap, policyBlock } from './policy';
import type { PolicyView } from './schema';

/**
 * The worker's refusals for what the organisation policy forbids: each throws POLICY_FORBIDS with
 * a phrase the page shows. The pages disable the same actions (src/ui/options), but only these
 * checks decide.
 */

const forbids = (reason: Parameters<typeof phrase>[0]) => new AppError('POLICY_FORBIDS', phrase(reason));

/** A key of this provider and settings may not be added, changed to, tested or used. */
export function assertKeyAllowed(policy: PolicyView | undefined, provider: ProviderId, settings: ProviderSettings): void {
  const block = policyBlock(policy, provider, settings);
  if (block === 'provider') throw forbids('policy_providerNotAllowed');
  if (block === 'host') throw forbids('policy_hostNotAllowed');
}

export function assertAutoLockAllowed(policy: PolicyView | undefined, setting: AutoLockSetting): void {
  if (!autoLockAllowed(policy, setting)) throw forbids('policy_autoLockTooLong');
}

export function assertExportAllowed(policy: PolicyView | undefined): void {
  if (policy?.backupExport === false) throw forbids('policy_exportOff');
}

/** The audit log may not be kept shorter than the floor, nor deleted while one is set. */
export function assertAuditKept(policy: PolicyView | undefined, change: { auditDays?: number; deleteAudit?: boolean }): void {
  const floor = policy?.auditRetentionMinDays;
  if (floor === undefined) return;
  if (change.deleteAudit || (change.auditDays !== undefined && change.auditDays < floor)) throw forbids('policy_auditKept');
}

/** The policy's own caps cannot be passed, even once. */
export function assertOverrideAllowed(capId: string): void {
  if (isPolicyCap(capId)) throw forbids('policy_capFixed');
}
