import { useId, useState, type FormEvent } from 'react';
import { BUDGET_LIMIT_USD, type BudgetCap } from '@/src/budget/schemas';
import type { KeyView } from '@/src/vault/schemas';
import { formatUsd } from '@/src/shared/money';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

const t = text.budgets;
type Scope = BudgetCap['scope'];
type Period = BudgetCap['period'];

/** A new cap: for everything, a provider or a key; per day or month; a limit in USD. */
export function AddBudgetForm({ keys, busy, onAdd }: { keys: readonly KeyView[] | undefined; busy: boolean; onAdd: (cap: BudgetCap) => void }) {
  const id = useId();
  const [scope, setScope] = useState<Scope>('global');
  const [provider, setProvider] = useState<ProviderId>('openai');
  const [keyId, setKeyId] = useState('');
  const [period, setPeriod] = useState<Period>('month');
  const [limit, setLimit] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const limitUsd = Number(limit);
    const target = scope === 'provider' ? provider : scope === 'key' ? keyId || keys?.[0]?.id : undefined;
    // The worker's bounds (BudgetCap), checked here so a refusal names the field and the reason.
    if (limit.trim() === '' || !(limitUsd >= BUDGET_LIMIT_USD.min && limitUsd <= BUDGET_LIMIT_USD.max)) {
      setInvalid(t.limitInvalid(formatUsd(BUDGET_LIMIT_USD.min), formatUsd(BUDGET_LIMIT_USD.max)));
      return;
    }
    // Without a key to pick the form says so already (keysUnavailable), and cannot be sent.
    if (scope === 'key' && !target) return;
    setInvalid(undefined);
    onAdd({ id: `cap-${crypto.randomUUID()}`, scope, period, limitUsd, ...(target ? { target } : {}) });
    setLimit('');
  }

  return (
    <form className="stack card" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>{t.addHeading}</h3>
      <label htmlFor={`${id}-scope`}>{t.scope}</label>
      <select id={`${id}-scope`} value={scope} onChange={(event) => setScope(event.target.value as Scope)}>
        {(Object.keys(t.scopes) as Scope[]).map((each) => (
          <option key={each} value={each}>
            {t.scopes[each]}
          </option>
        ))}
      </select>
      {scope === 'provider' && (
        <>
          <label htmlFor={`${id}-provider`}>{t.provider}</label>
          <select id={`${id}-provider`} value={provider} onChange={(event) => setProvider(event.target.value as ProviderId)}>
            {PROVIDER_IDS.map((each) => (
              <option key={each} value={each}>
                {PROVIDERS[each].name}
              </option>
            ))}
          </select>
        </>
      )}
      {scope === 'key' &&
        (keys && keys.length > 0 ? (
          <>
            <label htmlFor={`${id}-key`}>{t.key}</label>
            <select id={`${id}-key`} value={keyId || keys[0]?.id} onChange={(event) => setKeyId(event.target.value)}>
              {keys.map((key) => (
                <option key={key.id} value={key.id}>
                  {`${key.label} (${PROVIDERS[key.provider].name})`}
                </option>
              ))}
            </select>
          </>
        ) : (
          <p className="muted">{t.keysUnavailable}</p>
        ))}
      <label htmlFor={`${id}-period`}>{t.period}</label>
      <select id={`${id}-period`} value={period} onChange={(event) => setPeriod(event.target.value as Period)}>
        {(Object.keys(t.periods) as Period[]).map((each) => (
          <option key={each} value={each}>
            {t.periods[each]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-limit`}>{t.limit}</label>
      <input
        id={`${id}-limit`}
        type="number"
        min={BUDGET_LIMIT_USD.min}
        max={BUDGET_LIMIT_USD.max}
        step="any"
        inputMode="decimal"
        value={limit}
        onChange={(event) => setLimit(event.target.value)}
        aria-invalid={invalid !== undefined}
        aria-describedby={invalid ? `${id}-limit-error` : undefined}
      />
      {invalid && (
        <p role="alert" className="error" id={`${id}-limit-error`}>
          {invalid}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || (scope === 'key' && !keys?.length)}>
          {t.add}
        </button>
      </div>
    </form>
  );
}
