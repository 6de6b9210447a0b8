import { afterEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppError } from '@/src/shared/errors';
import { phrase, t } from '@/src/shared/i18n/text';

/**
 * Chrome's offscreen document (the hidden page that indexes with no page open) has `runtime` and
 * no `i18n`. An error the worker sends there (VAULT_LOCKED, BUDGET_EXCEEDED…) is rebuilt as an
 * AppError by the messaging client: it must keep its code and phrase, not turn into a TypeError
 * (which the indexing would record as a provider error).
 */

const saved = fakeBrowser.i18n;
afterEach(() => {
  Object.assign(fakeBrowser, { i18n: saved });
});

test('with no i18n API, an AppError keeps its code and phrase, and text is empty rather than a crash', () => {
  Object.assign(fakeBrowser, { i18n: undefined });
  const error = new AppError('VAULT_LOCKED', phrase('error_vaultLocked'));
  expect(error.code).toBe('VAULT_LOCKED');
  expect(error.phrase).toEqual({ key: 'error_vaultLocked', params: [] });
  expect(t('genericError')).toBe('');
});
