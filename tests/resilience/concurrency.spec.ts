// First: the English messages for `strings` in the test runner (see the file).
import '../fixtures/english-i18n';
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call, sendMessage } from '../e2e/fixtures/messaging';
import { expectEveryKeyWorks, opensWith, plantKeys, testApiKey, type PlantedKey } from '../e2e/fixtures/vault-proof';
import { strings } from '@/src/ui/strings';
import { pickModel } from '../e2e/fixtures/ui-steps';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';
import { renderEnglish } from '../fixtures/messages';

/**
 * Several pages act on the one background at the same time: two options pages and the side
 * panel edit keys and settings at once, a passphrase change races key additions, and many tabs
 * stream answers together. The end state must be one consistent story.
 */

const PASSPHRASE = 'violet tundra marimba quokka';
const NEW_PASSPHRASE = 'granite velvet oboe pelican';
/** The mock's OpenAI chat fixture ends with these words. */
const ANSWER_END = 'mutual respect.';

const mock = sharedMockProvider(test);

/** Every row of one object store of the extension's IndexedDB, read from an extension page. */
function readStore<T>(page: Page, database: string, store: string): Promise<T[]> {
  return page.evaluate(
    async ([name, storeName]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      try {
        return await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('read failed'));
        });
      } finally {
        db.close();
      }
    },
    [database, store] as const,
  ) as Promise<T[]>;
}

/** The key list as an options page shows it after a reload: label and masked key of every row. */
async function keyListShown(page: Page, count: number): Promise<string[]> {
  await page.reload();
  const rows = page.locator('.key-list > li');
  await expect(rows).toHaveCount(count);
  const shown = await rows.evaluateAll((items) =>
    items.map((item) => {
      const labelId = item.getAttribute('aria-labelledby') ?? '';
      return `${document.getElementById(labelId)?.textContent ?? ''} ${item.querySelector('code')?.textContent ?? ''}`;
    }),
  );
  return shown.sort();
}

test('two options pages and the side panel edit keys and settings at once: one consistent end state', async ({ ext, optionsPage: first }) => {
  await call(first, 'vault.create', { passphrase: PASSPHRASE });
  const [renamed, rotated, deleted, contested] = (await plantKeys(first, mock, 'base', 4)) as [PlantedKey, PlantedKey, PlantedKey, PlantedKey];
  const second = await openExtensionPage(ext, 'options');
  const panel = await openExtensionPage(ext, 'sidepanel');

  const add = (page: Page, n: number) =>
    call(page, 'keys.add', { provider: 'openai', label: `added ${n}`, secret: { apiKey: testApiKey('added', n) }, settings: { baseUrl: `${mock.url}/v1` } });
  const rotatedSecret = testApiKey('rotated', 0);
  const results = await Promise.all([
    add(first, 0),
    add(second, 1),
    add(panel, 2),
    add(first, 3),
    add(second, 4),
    call(first, 'keys.update', { id: renamed.id, label: 'renamed by page one' }),
    call(second, 'keys.rotate', { id: rotated.id, secret: { apiKey: rotatedSecret } }),
    call(panel, 'keys.delete', { id: deleted.id }),
    // The same key renamed on one page and deleted on another: either order is fine, never both halves.
    sendMessage(second, 'keys.update', { id: contested.id, label: 'renamed while deleted' }),
    sendMessage(first, 'keys.delete', { id: contested.id }),
    // Different settings from three pages at once: none may be lost.
    call(first, 'settings.update', { autoLock: 30, passphrase: PASSPHRASE }),
    call(second, 'settings.update', { requestsPerMinutePerKey: 17 }),
    call(panel, 'settings.update', { fallbackChains: [{ id: 'chain-1', name: 'Panel chain', targets: [{ keyId: renamed.id, model: 'gpt-4.1-nano' }] }] }),
  ]);
  const added = results.slice(0, 5) as Awaited<ReturnType<typeof add>>[];
  const contestedRename = results[8] as Awaited<ReturnType<typeof sendMessage<'keys.update'>>>;
  if (!contestedRename.ok) expect(contestedRename.error.code).toBe('NOT_FOUND');
  expect(results[9]).toMatchObject({ ok: true });

  // The vault: exactly the expected keys, each decrypting to its own (possibly rotated) secret.
  const expected: PlantedKey[] = [
    { ...renamed, label: 'renamed by page one' },
    { ...rotated, apiKey: rotatedSecret, masked: (results[6] as { masked: string }).masked },
    ...added.map((view, n) => ({ id: view.id, label: view.label, masked: view.masked, apiKey: testApiKey('added', n) })),
  ];
  await expectEveryKeyWorks(panel, mock, expected);

  // Every page sees that same list and those same settings.
  const shown = await keyListShown(first, expected.length);
  expect(await keyListShown(second, expected.length)).toEqual(shown);
  for (const key of expected) expect(shown).toContain(`${key.label} ${key.masked}`);
  for (const page of [first, second, panel]) {
    expect(await call(page, 'settings.get', {})).toMatchObject({
      autoLock: 30,
      requestsPerMinutePerKey: 17,
      fallbackChains: [{ id: 'chain-1', name: 'Panel chain' }],
    });
  }
});

test('a passphrase change on one page while another adds keys: every add lands under the new passphrase or is refused clearly', async ({ ext, optionsPage: changer }) => {
  await call(changer, 'vault.create', { passphrase: PASSPHRASE });
  const before = await plantKeys(changer, mock, 'before', 3);
  const adder = await openExtensionPage(ext, 'options');
  const reader = await openExtensionPage(ext, 'sidepanel');

  const adds: Promise<{ n: number; reply: Awaited<ReturnType<typeof sendMessage<'keys.add'>>> }>[] = [];
  let changing = true;
  const change = call(changer, 'vault.changePassphrase', { current: PASSPHRASE, next: NEW_PASSPHRASE }).finally(() => {
    changing = false;
  });
  // Meanwhile a third page keeps reading the key list (not serialized with the change).
  const reads: Promise<Awaited<ReturnType<typeof sendMessage<'keys.list'>>>>[] = [];
  const reading = (async () => {
    while (changing) {
      reads.push(sendMessage(reader, 'keys.list', {}));
      await new Promise((resolve) => setTimeout(resolve, 7));
    }
  })();
  // Adds keep coming, 25 ms apart, for as long as the change runs and a little after.
  for (let n = 0; changing || n < 4; n++) {
    adds.push(
      sendMessage(adder, 'keys.add', { provider: 'openai', label: `race ${n}`, secret: { apiKey: testApiKey('race', n) }, settings: { baseUrl: `${mock.url}/v1` } }).then((reply) => ({ n, reply })),
    );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await change;
  await reading;
  const outcomes = await Promise.all(adds);
  // No half state: the vault never looked locked to the reader, and is still unlocked now (no
  // reader closed the new session, no write-back brought the old one back).
  expect((await Promise.all(reads)).map((reply) => (reply.ok ? 'ok' : reply.error.code))).not.toContain('VAULT_LOCKED');
  expect(await call(changer, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
  const landed: PlantedKey[] = [];
  for (const { n, reply } of outcomes) {
    if (reply.ok) {
      landed.push({ id: reply.data.id, label: reply.data.label, masked: reply.data.masked, apiKey: testApiKey('race', n) });
    } else {
      // Refused: with a code and a message a person can act on, never a silent half-write.
      expect(['CONFLICT', 'VAULT_LOCKED']).toContain(reply.error.code);
      // The worker sends a phrase, not words (issue 13): its English text says what to do.
      expect(reply.error).not.toHaveProperty('message');
      expect(renderEnglish(reply.error.phrase)).toMatch(/try again|unlock/i);
    }
  }
  expect(outcomes.length).toBeGreaterThanOrEqual(4);

  // From a cold start: only the new passphrase opens it, and every key in it decrypts with it.
  expect(await opensWith(changer, PASSPHRASE)).toBe(false);
  expect(await opensWith(changer, NEW_PASSPHRASE)).toBe(true);
  await expectEveryKeyWorks(changer, mock, [...before, ...landed]);
});

test('eight tabs stream answers at once: each answer complete, in its own conversation, counted once', async ({ ext, optionsPage }) => {
  test.setTimeout(120_000);
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await plantKeys(optionsPage, mock, 'stream', 1);
  // Small pauses between events, so all eight streams are open at the same time.
  mock.setScenario('slow-drip', { chunkDelayMs: 8 });

  const questions = Array.from({ length: 8 }, (_, n) => `Question number ${n} from tab ${n}`);
  const tabs = await Promise.all(questions.map((_, n) => openExtensionPage(ext, n % 2 === 0 ? 'popup' : 'sidepanel')));
  for (const [n, tab] of tabs.entries()) {
    await pickModel(tab);
    await tab.getByRole('textbox', { name: strings.chat.messageLabel }).fill(questions[n] as string);
  }
  await Promise.all(tabs.map((tab) => tab.getByRole('textbox', { name: strings.chat.messageLabel }).press('Enter')));
  for (const tab of tabs) {
    const answer = tab.getByRole('article', { name: strings.chat.assistant }).last();
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
    await expect(answer).toContainText(ANSWER_END);
  }

  // Every stream really overlapped the others: all eight requests reached the mock.
  const chatRequests = mock.requests.filter((request) => request.path === '/v1/chat/completions');
  expect(chatRequests).toHaveLength(8);

  // History: eight conversations, each with its own question and one complete answer.
  interface Row {
    id: string;
    conversationId: string | null;
    role: 'user' | 'assistant';
    text: string;
    status?: string;
  }
  const rows = await readStore<Row>(optionsPage, 'keyward-chat', 'messages');
  const answers = rows.filter((row) => row.role === 'assistant');
  expect(answers).toHaveLength(8);
  const fullText = answers[0]?.text ?? '';
  expect(fullText).toContain(ANSWER_END);
  const conversations = new Set(answers.map((answer) => answer.conversationId));
  expect(conversations.size).toBe(8);
  for (const answer of answers) {
    expect(answer.status).toBe('complete');
    expect(answer.text).toBe(fullText);
    const asked = rows.filter((row) => row.role === 'user' && row.conversationId === answer.conversationId);
    expect(asked).toHaveLength(1);
    // The request that produced this answer carried this conversation's question.
    expect(chatRequests.filter((request) => request.body.includes(asked[0]?.text ?? '∅'))).toHaveLength(1);
  }
  expect(new Set(rows.filter((row) => row.role === 'user').map((row) => row.text))).toEqual(new Set(questions));

  // Usage: one chat call per answer, no more, no less.
  const calls = await readStore<{ kind: string; requestId?: string; outcome: string; outputTokens: number }>(optionsPage, 'keyward-usage', 'calls');
  const chatCalls = calls.filter((row) => row.kind === 'chat');
  expect(chatCalls).toHaveLength(8);
  expect(new Set(chatCalls.map((row) => row.requestId))).toEqual(new Set(answers.map((answer) => answer.id)));
  expect(chatCalls.every((row) => row.outcome === 'ok')).toBe(true);
  // And the day's totals, updated by eight answers finishing together, lost none of them.
  const daily = await readStore<{ model: string; calls: number; outputTokens: number }>(optionsPage, 'keyward-usage', 'daily');
  const day = daily.filter((row) => row.model === 'gpt-4.1-nano');
  expect(day.reduce((sum, row) => sum + row.calls, 0)).toBe(8);
  expect(day.reduce((sum, row) => sum + row.outputTokens, 0)).toBe(chatCalls.reduce((sum, row) => sum + row.outputTokens, 0));
});
