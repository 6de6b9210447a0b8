// @vitest-environment happy-dom
import { phrase } from '@/src/shared/i18n/text';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { BudgetNotice } from '@/src/budget/schemas';
import type { SpendSettings } from '@/src/settings/schemas';
import { AppError } from '@/src/shared/errors';
import { DEFAULT_SPEND_SETTINGS } from '@/src/settings/settings-store';
import { BudgetsView } from '@/src/ui/options/usage';
import { LOCKED, UNLOCKED, installBackend, keyView, sent } from '../ui/fake-backend';
import { renderInPage } from '../ui/in-page';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
afterEach(() => vi.restoreAllMocks());

const blocked: BudgetNotice = {
  capId: 'cap-1',
  namePhrase: phrase('budget_name_month_global'),
  limitUsd: 10,
  spentUsd: 10.5,
  level: 'block',
  resetsAt: new Date(2026, 11, 1).getTime(),
  phrase: phrase('budget_usedUp', phrase('budget_name_month_global'), '$10.50', '$10.00', 'Tue, Dec 1'),
};

function backend(overrides: { locked?: boolean } = {}) {
  let settings: SpendSettings = { ...DEFAULT_SPEND_SETTINGS, caps: [{ id: 'cap-1', scope: 'global', period: 'month', limitUsd: 10 }] };
  const work = keyView({ id: 'key-work', label: 'Work', provider: 'anthropic' });
  return installBackend(send, {
    // The page's vault state (vault-state.tsx) says whether keys can be listed.
    'vault.status': () => (overrides.locked ? LOCKED : UNLOCKED),
    'spendSettings.get': () => settings,
    'spendSettings.update': (update) => {
      settings = { ...settings, ...update } as SpendSettings;
      return settings;
    },
    'budget.status': () => ({ caps: settings.caps.some((cap) => cap.id === 'cap-1') ? [blocked] : [] }),
    'budget.override': ({ capId }) => ({ capId }),
    'keys.list': () => {
      if (overrides.locked) throw new AppError('VAULT_LOCKED', 'Locked');
      return { keys: [work] };
    },
  });
}

describe('the Budgets view', () => {
  test('shows each budget with what was spent, and allows one request past a used-up one', async () => {
    const mock = backend();
    renderInPage(<BudgetsView />);
    const item = (await screen.findByText('The monthly budget for all providers')).closest('li') as HTMLElement;
    expect(within(item).getAllByText(/\$10\.50 of \$10\.00/).length).toBeGreaterThan(0);
    expect(within(item).getByText(/Used up/)).toBeTruthy();
    fireEvent.click(within(item).getByRole('button', { name: 'Allow the next request' }));
    await screen.findByText('The next request under this budget will be sent.');
    expect(sent(mock, 'budget.override')).toEqual([{ capId: 'cap-1' }]);
  });

  test('adds a per-key daily budget and removes one', async () => {
    const mock = backend();
    renderInPage(<BudgetsView />);
    await screen.findByText('The monthly budget for all providers');
    fireEvent.change(screen.getByLabelText('Applies to'), { target: { value: 'key' } });
    expect((await screen.findByLabelText('Key')).textContent).toContain('Work (Anthropic)');
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'day' } });
    fireEvent.change(screen.getByLabelText('Limit (USD)'), { target: { value: '2.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add budget' }));
    await waitFor(() => expect(sent(mock, 'spendSettings.update')).toHaveLength(1));
    expect(sent(mock, 'spendSettings.update')[0]?.caps?.[1]).toMatchObject({ scope: 'key', target: 'key-work', period: 'day', limitUsd: 2.5 });
    fireEvent.click(screen.getAllByRole('button', { name: 'Remove' })[0] as HTMLElement);
    // Asked first, naming the budget; nothing is saved until the dialog's own button.
    const dialog = await screen.findByRole('dialog', { name: 'Remove this budget?' });
    expect(dialog.textContent).toContain('The budget "The monthly budget for all providers" will be removed');
    expect(sent(mock, 'spendSettings.update')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(sent(mock, 'spendSettings.update')).toHaveLength(2));
    expect(sent(mock, 'spendSettings.update')[1]?.caps?.map((cap) => cap.id)).not.toContain('cap-1');
  });

  test('a limit must be within the bounds the worker accepts; per-key budgets need the vault unlocked', async () => {
    const mock = backend({ locked: true });
    renderInPage(<BudgetsView />);
    await screen.findByText('The monthly budget for all providers');
    fireEvent.click(screen.getByRole('button', { name: 'Add budget' }));
    expect(await screen.findByText('Enter an amount from $0.0001 to $1,000,000.00.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Applies to'), { target: { value: 'key' } });
    expect(await screen.findByText('Unlock the vault to set a budget for one key.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add budget' }) as HTMLButtonElement).disabled).toBe(true);
    expect(sent(mock, 'spendSettings.update')).toEqual([]);
  });

  test('a budget of a fraction of a cent is saved; below a hundredth of a cent the form says why, and sends nothing', async () => {
    const mock = backend();
    renderInPage(<BudgetsView />);
    await screen.findByText('The monthly budget for all providers');
    const limit = screen.getByLabelText('Limit (USD)');
    fireEvent.change(limit, { target: { value: '0.00001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add budget' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter an amount from $0.0001 to $1,000,000.00.');
    expect(limit.getAttribute('aria-invalid')).toBe('true');
    expect(sent(mock, 'spendSettings.update')).toEqual([]);
    // The fake background checks every payload against the worker's schema, as the router does.
    fireEvent.change(limit, { target: { value: '0.005' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add budget' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent(mock, 'spendSettings.update')[0]?.caps?.[1]).toMatchObject({ scope: 'global', period: 'month', limitUsd: 0.005 });
  });

  test('saves the warning share and retention, and the user’s own prices', async () => {
    const mock = backend();
    renderInPage(<BudgetsView />);
    await screen.findByText('The monthly budget for all providers');
    fireEvent.change(screen.getByLabelText('Warn at (% of a budget)'), { target: { value: '90' } });
    fireEvent.change(screen.getByLabelText('Calls in detail (days)'), { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent(mock, 'spendSettings.update')).toHaveLength(1));
    expect(sent(mock, 'spendSettings.update')[0]).toMatchObject({ warnAt: 0.9, retention: { detailDays: 14, errorDays: 90, auditMax: 10_000, auditKeep: 5_000 } });
    fireEvent.change(screen.getByLabelText('Model id'), { target: { value: 'my-fine-tune' } });
    fireEvent.change(screen.getByLabelText('Input'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Output'), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add price' }));
    await waitFor(() => expect(sent(mock, 'spendSettings.update')).toHaveLength(2));
    expect(sent(mock, 'spendSettings.update')[1]).toEqual({ priceOverrides: [{ provider: 'openai', model: 'my-fine-tune', input: 2, output: 8 }] });
    expect(await screen.findByText(/openai:my-fine-tune: Input \$2, Output \$8/)).toBeTruthy();
  });
});
