import { useEffect, useId, useState } from 'react';
import type { CatalogModel } from '@/src/catalog/catalog';
import { addDays, startOfDay } from '@/src/usage/day';
import { callsBetween } from '@/src/usage/query';
import type { CallRow } from '@/src/usage/rows';
import { savingsOn } from '@/src/usage/savings';
import type { UsageDexie } from '@/src/usage/usage-dexie';
import { loadCatalog } from '@/src/ui/chat/catalog-loader';
import { usePrices } from '@/src/ui/chat/prices';
import { formatUsd } from '@/src/shared/money';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

const DEFAULT_REFERENCE = 'openai/gpt-4o-mini';

/** What the range's calls would have cost on a reference model picked from the catalog. */
export function SavingsPanel({ db, fromDay, toDay }: { db: UsageDexie; fromDay: string; toDay: string }) {
  const selectId = useId();
  const [models, setModels] = useState<readonly CatalogModel[] | undefined>();
  const [calls, setCalls] = useState<CallRow[] | undefined>();
  const [reference, setReference] = useState(DEFAULT_REFERENCE);
  const prices = usePrices();

  useEffect(() => {
    let live = true;
    void loadCatalog().then((catalog) => live && setModels(catalog.getCatalog().models));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    let live = true;
    void callsBetween(db, startOfDay(fromDay), startOfDay(addDays(toDay, 1)) - 1).then((found) => live && setCalls(found));
    return () => {
      live = false;
    };
  }, [db, fromDay, toDay]);

  const model = models?.find((each) => `${each.provider}/${each.id}` === reference);
  const result = model && calls && prices ? savingsOn(calls, model, prices) : undefined;
  return (
    <section className="stack" aria-labelledby="usage-savings">
      <h3 id="usage-savings">{text.savingsHeading}</h3>
      <p className="muted">{text.savingsExplain}</p>
      {!models ? (
        <p className="muted">{text.catalogLoading}</p>
      ) : (
        <label htmlFor={selectId}>
          {text.referenceModel}{' '}
          <select id={selectId} value={reference} onChange={(event) => setReference(event.target.value)}>
            {models.map((each) => (
              <option key={`${each.provider}/${each.id}`} value={`${each.provider}/${each.id}`}>
                {`${each.provider} · ${each.name}`}
              </option>
            ))}
          </select>
        </label>
      )}
      <p role="status">
        {result && model
          ? result.calls === 0
            ? text.savingsNoCalls
            : result.reference === null
              ? text.savingsUnknown(model.name)
              : `${text.savingsResult(formatUsd(result.actual), model.name, formatUsd(result.reference))} ${text.savingsDelta(formatUsd(Math.abs(result.actual - result.reference)), result.reference < result.actual)}`
          : ''}
      </p>
    </section>
  );
}
