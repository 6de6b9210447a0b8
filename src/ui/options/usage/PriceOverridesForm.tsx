import { useId, useState, type FormEvent } from 'react';
import type { PriceOverrideEntry } from '@/src/usage/schemas';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

const t = text.budgets;
const PRICE_FIELDS = ['input', 'output', 'cachedInput'] as const;
const keyOf = (entry: PriceOverrideEntry) => `${entry.provider}:${entry.model}`;

/** The user's own prices per provider and model (USD per 1M tokens), added and removed one by one. */
export function PriceOverridesForm({ overrides, busy, onSave }: { overrides: readonly PriceOverrideEntry[]; busy: boolean; onSave: (next: PriceOverrideEntry[]) => void }) {
  const id = useId();
  const [provider, setProvider] = useState<ProviderId>('openai');
  const [model, setModel] = useState('');
  const [prices, setPrices] = useState<Record<(typeof PRICE_FIELDS)[number], string>>({ input: '', output: '', cachedInput: '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    const price = Object.fromEntries(PRICE_FIELDS.filter((field) => prices[field].trim() !== '' && Number(prices[field]) >= 0).map((field) => [field, Number(prices[field])]));
    if (model.trim() === '' || Object.keys(price).length === 0) return;
    const entry: PriceOverrideEntry = { provider, model: model.trim(), ...price };
    onSave([...overrides.filter((each) => keyOf(each) !== keyOf(entry)), entry]);
    setModel('');
    setPrices({ input: '', output: '', cachedInput: '' });
  }

  return (
    <form className="stack card" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t.pricesHeading}</h3>
      <p className="muted">{t.pricesExplain}</p>
      {overrides.length === 0 ? (
        <p className="muted">{t.noPrices}</p>
      ) : (
        <ul>
          {overrides.map((entry) => (
            <li key={keyOf(entry)}>
              {keyOf(entry)}: {PRICE_FIELDS.filter((field) => entry[field] !== undefined).map((field) => `${t[field]} $${String(entry[field])}`).join(', ')}{' '}
              <button type="button" disabled={busy} onClick={() => onSave(overrides.filter((each) => keyOf(each) !== keyOf(entry)))}>
                {t.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${id}-provider`}>{t.provider}</label>
      <select id={`${id}-provider`} value={provider} onChange={(event) => setProvider(event.target.value as ProviderId)}>
        {PROVIDER_IDS.map((each) => (
          <option key={each} value={each}>
            {PROVIDERS[each].name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-model`}>{t.modelId}</label>
      <input id={`${id}-model`} value={model} maxLength={256} onChange={(event) => setModel(event.target.value)} />
      {PRICE_FIELDS.map((field) => (
        <div key={field} className="stack">
          <label htmlFor={`${id}-${field}`}>{t[field]}</label>
          <input id={`${id}-${field}`} type="number" min="0" step="any" value={prices[field]} onChange={(event) => setPrices((current) => ({ ...current, [field]: event.target.value }))} />
        </div>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t.addPrice}
        </button>
      </div>
    </form>
  );
}
