import { useCallback, useEffect, useState } from 'react';
import { send } from '@/src/messaging/client';
import type { BudgetCap, BudgetNotice } from '@/src/budget/schemas';
import { useVaultKeys } from '@/src/ui/shared/vault-state';
import type { SpendSettings } from '@/src/settings/schemas';
import { useAsyncAction } from '../use-async-action';
import { AddBudgetForm } from './AddBudgetForm';
import { BudgetList } from './BudgetList';
import { PriceOverridesForm } from './PriceOverridesForm';
import { RetentionForm } from './RetentionForm';
import './usage.css';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

const t = text.budgets;

/**
 * The Budgets view of the options page: caps with what was spent under them, adding and removing
 * caps, a one-time override of a used-up cap, the warning share, retention and the user's own prices.
 * Everything goes through the background, which refreshes the toolbar badge after each change.
 */
export function BudgetsView() {
  const [settings, setSettings] = useState<SpendSettings | undefined>();
  const [caps, setCaps] = useState<BudgetNotice[]>([]);
  // Per-key budgets need the page's key list, which is there only while the vault is unlocked.
  // The gateway's spending is the organisation's to cap (its policy's caps): own keys only.
  const keys = useVaultKeys().own?.filter((key) => !key.damaged);
  const [loadFailed, setLoadFailed] = useState(false);
  const [notice, setNotice] = useState('');
  const { busy, error, run } = useAsyncAction();

  const reload = useCallback(async () => {
    try {
      const [nextSettings, status] = await Promise.all([send('spendSettings.get', {}), send('budget.status', {})]);
      setSettings(nextSettings);
      setCaps(status.caps);
    } catch {
      setLoadFailed(true);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function save(update: Partial<SpendSettings>, done = t.saved) {
    setNotice('');
    const next = await run(() => send('spendSettings.update', update));
    if (!next) return;
    setSettings(next);
    setNotice(done);
    await reload();
  }

  async function override(capId: string) {
    setNotice('');
    if (await run(() => send('budget.override', { capId }))) setNotice(t.allowed);
  }

  if (loadFailed) return <p role="alert" className="error">{t.loadFailed}</p>;
  if (!settings) return <p className="muted" aria-busy="true">{text.loading}</p>;
  const withoutCap = (capId: string): BudgetCap[] => settings.caps.filter((cap) => cap.id !== capId);
  return (
    <section className="stack usage-view" aria-labelledby="budgets-heading">
      <h2 id="budgets-heading">{t.heading}</h2>
      <p className="muted">{t.explain}</p>
      <div role="status" className="success">
        {notice}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <BudgetList caps={caps} busy={busy} onOverride={(capId) => void override(capId)} onRemove={(capId) => void save({ caps: withoutCap(capId) })} />
      <AddBudgetForm keys={keys} busy={busy} onAdd={(cap) => void save({ caps: [...settings.caps, cap] })} />
      <RetentionForm settings={settings} busy={busy} onSave={(update) => void save(update)} />
      <PriceOverridesForm overrides={settings.priceOverrides} busy={busy} onSave={(priceOverrides) => void save({ priceOverrides })} />
    </section>
  );
}
