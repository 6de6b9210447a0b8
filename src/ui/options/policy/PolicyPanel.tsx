import { formatUsd } from '@/src/shared/money';
import { PROVIDERS } from '@/src/providers/definitions';
import type { PolicyProblemKind, PolicyView } from '@/src/policy/schema';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { ManagedNote } from './ManagedNote';
import { usePolicyState } from './policy-state';
import { GatewayAccess } from './GatewayAccess';

const PROBLEM_WORDS: Record<PolicyProblemKind, () => string> = {
  'unknown-setting': () => optionsStrings.policy.problemUnknownSetting,
  'wrong-type': () => optionsStrings.policy.problemWrongType,
  'out-of-range': () => optionsStrings.policy.problemOutOfRange,
  'not-allowed-value': () => optionsStrings.policy.problemNotAllowedValue,
  'bad-format': () => optionsStrings.policy.problemBadFormat,
};

/** One line per setting the policy makes, in the administrator's terms. The gateway's key is never in the view. */
function lines(policy: PolicyView): string[] {
  const p = optionsStrings.policy;
  const out: string[] = [];
  if (policy.gateway) out.push(p.gateway(PROVIDERS[policy.gateway.provider].name, policy.gateway.baseUrl));
  if (policy.allowedProviders) out.push(p.allowedProviders(policy.allowedProviders.map((id) => PROVIDERS[id].name).join(', ')));
  if (policy.allowedHosts) out.push(p.allowedHosts(policy.allowedHosts.join(', ')));
  if (policy.maxAutoLockMinutes !== undefined) out.push(p.maxAutoLock(policy.maxAutoLockMinutes));
  if (policy.minPassphraseStrength !== undefined) out.push(policy.minPassphraseStrength === 4 ? p.minPassphraseVeryStrong : p.minPassphraseStrong);
  if (policy.sessionKeys !== undefined) out.push(policy.sessionKeys ? p.sessionKeysOn : p.sessionKeysOff);
  if (policy.maxKeyAgeDays !== undefined) out.push(p.keyAge(policy.maxKeyAgeDays));
  if (policy.backupExport !== undefined) out.push(policy.backupExport ? p.backupExportOn : p.backupExportOff);
  if (policy.auditRetentionMinDays !== undefined) out.push(p.auditMin(policy.auditRetentionMinDays));
  if (policy.spendCapDailyUsd !== undefined) out.push(p.capDay(formatUsd(policy.spendCapDailyUsd)));
  if (policy.spendCapMonthlyUsd !== undefined) out.push(p.capMonth(formatUsd(policy.spendCapMonthlyUsd)));
  return out;
}

/**
 * What the organisation's policy sets, at the top of the options page whatever the vault's state;
 * or, when the administrator's policy does not match the schema, that none of it applies and what
 * to fix. Nothing when no policy is set.
 */
export function PolicyPanel() {
  const state = usePolicyState();
  if (!state || state.status === 'none') return null;
  const p = optionsStrings.policy;
  if (state.status === 'rejected') {
    return (
      <section className="card error policy-panel" role="alert" aria-labelledby="policy-rejected-title">
        <h2 id="policy-rejected-title">{p.rejectedTitle}</h2>
        <p>{p.rejectedBody}</p>
        <ul>
          {state.problems.map((problem) => (
            <li key={`${problem.field}:${problem.kind}`}>{p.problem(problem.field, PROBLEM_WORDS[problem.kind]())}</li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="card policy-panel" aria-labelledby="policy-title">
      <h2 id="policy-title">
        {p.title} <ManagedNote />
      </h2>
      <p className="muted">{p.intro}</p>
      <ul>
        {lines(state.policy).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {state.policy.gateway && <GatewayAccess baseUrl={state.policy.gateway.baseUrl} />}
    </section>
  );
}
