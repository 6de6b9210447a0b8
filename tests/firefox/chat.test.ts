// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { searchProfileForMany } from '../e2e/fixtures/profile-search';
import { renderEnglish } from '../fixtures/messages';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort, sendMessage } from './fixtures/messaging';
import {
  addOpenAiKeyInUi,
  createVaultInUi,
  fieldValues,
  pickModel,
  sendInUi,
  showsUnlockForm,
  shownAnswers,
  stopInUi,
  unlockInUi,
  waitForAnswerCount,
  waitForLastAnswerStatus,
  waitForUnlockForm,
} from './fixtures/ui-steps';

/**
 * The main flows, one after the other in one Firefox, as a user goes through them: set up the
 * vault and a key in the options page, chat in the popup and the side panel pages, stop an answer,
 * find it again in history, lock and unlock. At the end Firefox is closed and its whole profile
 * searched for the key and the passphrase.
 */

/** The mock's OpenAI chat fixture: its first and last words, as the rendered Markdown shows them. */
const ANSWER_START = 'Holiday Name:';
const ANSWER_END = 'mutual respect.';

const key = keyCanary('FF');
const passphrase = passphraseCanary();

let mock: MockProvider;
let ff: LaunchedFirefox;
let options: Page;
let keyId: string;

const chatRequests = () => mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

describe('Firefox: main flows', () => {
  test('the options page creates the vault and adds a key pointed at the mock provider', async () => {
    options = await ff.openPage('options');
    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'absent' });
    await createVaultInUi(options, passphrase.value);
    await addOpenAiKeyInUi(options, key.value, `${mock.url}/v1`, 'Mock OpenAI');

    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
    const keys = (await call(options, 'keys.list', {})).keys;
    expect(keys.map((view) => view.label)).toEqual(['Mock OpenAI']);
    expect(JSON.stringify(keys)).not.toContain(key.core);
    keyId = keys[0]!.id;
    // The page's fields no longer hold the secret once it is saved.
    expect((await fieldValues(options)).join('\n')).not.toContain(key.core);
    // The key decrypts and reaches the mock with exactly that secret.
    expect((await call(options, 'keys.test', { id: keyId })).result).toBe('works');
    expect(mock.requests.map((request) => request.headers['authorization'])).toContain(`Bearer ${key.value}`);
  });

  test('the popup page streams an answer from the mock, shown as it arrives', async () => {
    mock.reset();
    // About 300 events 10 ms apart: the answer is seen while it streams, then complete.
    mock.setScenario('slow-drip', { chunkDelayMs: 10 });
    const popup = await ff.openPage('popup');
    await pickModel(popup);
    const streaming = await sendInUi(popup, 'Invent a holiday', 'streaming');
    expect(streaming.status).toBe('streaming');
    expect(streaming.text).not.toContain(ANSWER_END);
    await waitForLastAnswerStatus(popup, 'complete');
    const [answer] = await shownAnswers(popup);
    expect(answer!.text).toContain(ANSWER_START);
    expect(answer!.text).toContain(ANSWER_END);
    expect(chatRequests()).toHaveLength(1);
    expect(chatRequests()[0]!.headers['authorization']).toBe(`Bearer ${key.value}`);
    await popup.close();
  });

  test('history: the popup reopens the conversation, and the side panel page chats on in it', async () => {
    mock.reset();
    const popup = await ff.openPage('popup');
    await waitForAnswerCount(popup, 1);
    expect((await shownAnswers(popup))[0]).toMatchObject({ status: 'complete' });
    expect((await shownAnswers(popup))[0]!.text).toContain(ANSWER_END);
    await popup.close();

    const panel = await ff.openPage('sidepanel');
    await waitForAnswerCount(panel, 1);
    await pickModel(panel);
    const second = await sendInUi(panel, 'And another holiday', 'complete');
    expect(second.text).toContain(ANSWER_END);
    expect(await shownAnswers(panel)).toHaveLength(2);
    // The second request carried the first exchange: one conversation.
    const body = JSON.parse(chatRequests().at(-1)!.body) as { messages: { role: string; content: string }[] };
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[0]!.content).toBe('Invent a holiday');
    await panel.close();
  });

  test('stop: the Stop button ends a streaming answer, and nothing more arrives', async () => {
    mock.reset();
    mock.setScenario('slow-drip', { chunkDelayMs: 60 });
    const panel = await ff.openPage('sidepanel');
    await pickModel(panel);
    await sendInUi(panel, 'A slow one, please', 'streaming');
    await stopInUi(panel);
    await waitForLastAnswerStatus(panel, 'stopped');
    const stoppedText = (await shownAnswers(panel)).at(-1)!.text;
    expect(stoppedText).not.toContain(ANSWER_END);
    // Nothing more arrives afterwards.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await shownAnswers(panel)).at(-1)).toMatchObject({ status: 'stopped', text: stoppedText });
    await panel.close();

    // The same over the raw chat port: stop after a few messages; the answer ends as stopped.
    const result = await chatOverPort(options, keyId, 'Stop me', { stopAfterMessages: 3 });
    expect(result.timedOut).toBe(false);
    const last = result.received.at(-1)!;
    expect(last.type).toBe('done');
    expect(last.answer?.status).toBe('stopped');
    expect(last.answer?.text ?? '').not.toContain(ANSWER_END);
  });

  test("Ollama refusing the extension: the hint names Firefox's moz-extension origin, not the add-on id", async () => {
    mock.reset();
    mock.setScenario('forbidden-empty');
    const verdict = await call(options, 'keys.test', { draft: { provider: 'ollama', secret: {}, settings: { baseUrl: mock.url } } });
    expect(verdict.result).toBe('origin-refused');
    const hint = renderEnglish(verdict.phrase);
    expect(hint).toContain(`OLLAMA_ORIGINS=${ff.origin} `);
    mock.setScenario('normal');
  });

  test('lock and unlock: locked, nothing can chat and no page keeps a secret; the unlock form opens it again', async () => {
    mock.reset();
    mock.setScenario('normal');
    await call(options, 'vault.lock', {});
    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'locked' });
    // The side panel opened now shows its unlock form instead of the chat.
    const panel = await ff.openPage('sidepanel');
    await waitForUnlockForm(panel);
    expect(await showsUnlockForm(panel)).toBe(true);
    for (const page of [panel, options]) expect((await fieldValues(page)).join('\n')).not.toContain(key.core);

    const refused = await sendMessage(options, 'keys.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    const chat = await chatOverPort(options, keyId, 'Locked?');
    expect(chat.received.at(-1)).toMatchObject({ type: 'error' });
    expect(chatRequests()).toHaveLength(0);

    const wrong = await sendMessage(options, 'vault.unlock', { passphrase: `${passphrase.value}x` });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    await unlockInUi(panel, passphrase.value);
    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
    const after = await chatOverPort(options, keyId, 'Unlocked again');
    expect(after.received.at(-1)).toMatchObject({ type: 'done', answer: { status: 'complete' } });
    expect(chatRequests()).toHaveLength(1);
    await panel.close();
  });

  test('nothing on disk: after Firefox closes, its profile holds neither the key nor the passphrase', async () => {
    await ff.close();
    // Positive control: the key's label is stored in the clear, so the search does find what is there.
    const { hits, filesSearched } = await searchProfileForMany(ff.profileDir, [key.core, passphrase.core, 'Mock OpenAI']);
    expect(filesSearched).toBeGreaterThan(10);
    expect(hits.get('Mock OpenAI')!.length, 'the search finds the stored key label').toBeGreaterThan(0);
    expect(hits.get(key.core)).toEqual([]);
    expect(hits.get(passphrase.core)).toEqual([]);
  });
});
