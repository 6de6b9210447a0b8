import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRouter } from '@/src/messaging/router';
import { send } from '@/src/messaging/client';
import { AppError } from '@/src/shared/errors';
import { renderEnglish } from '../../fixtures/messages';
import { createHarness, PASSPHRASE } from '../helpers/harness';

const SELF = { id: 'ourextensionid', origin: 'chrome-extension://ourextensionid' };
const OPTIONS_PAGE = { id: SELF.id, url: `${SELF.origin}/options.html`, origin: SELF.origin };

/** Three words in a row: what an English sentence has and a code, a message name or a label does not. */
const SENTENCE = /[A-Za-z]+ [a-z]+ [a-z]+/;

describe('the worker sends codes and phrases, the page writes the words', () => {
  it('a refused unlock crosses the boundary as a code and a message name, and the page renders its English text', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    await h.vault.lock();
    const route = createRouter(h.handlers, SELF);
    const reply = await route({ channel: 'keyward', type: 'vault.unlock', payload: { passphrase: 'not the passphrase at all' } }, OPTIONS_PAGE);

    expect(reply).toEqual({ ok: false, error: { code: 'WRONG_PASSPHRASE', phrase: { key: 'error_wrongPassphrase', params: [] } } });
    expect(JSON.stringify(reply)).not.toMatch(SENTENCE);

    // The page's client turns the same reply into an AppError whose message is the English text.
    fakeBrowser.runtime.sendMessage = (() => Promise.resolve(reply)) as typeof fakeBrowser.runtime.sendMessage;
    const caught = await send('vault.unlock', { passphrase: 'x' }).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('WRONG_PASSPHRASE');
    expect((caught as AppError).message).toBe('That passphrase is not correct. Your keys are untouched; try again.');
  });

  it('a phrase inside a phrase (a reason inside a sentence) keeps its substitutions and renders whole', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    const route = createRouter(h.handlers, SELF);
    const reply = await route({ channel: 'keyward', type: 'keys.add', payload: { provider: 'openai', label: 'Work', secret: {}, settings: {} } }, OPTIONS_PAGE);

    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(reply)).not.toMatch(SENTENCE);
    expect(renderEnglish(reply.error.phrase)).toBe('OpenAI needs a API key.');
  });

  it('a reply with a name no language has, or no phrase at all, shows the generic error, never the name', async () => {
    for (const phrase of [{ key: 'error_doesNotExist', params: [] }, undefined, 'words from somewhere']) {
      fakeBrowser.runtime.sendMessage = (() => Promise.resolve({ ok: false, error: { code: 'INTERNAL', phrase } })) as typeof fakeBrowser.runtime.sendMessage;
      const caught = (await send('vault.status', {}).catch((error: unknown) => error)) as AppError;
      expect(caught.message).toBe('Something went wrong. Please try again.');
    }
  });

  it('no code outside the pages makes an AppError or a ProviderError from words', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? (path.endsWith(join('src', 'ui')) ? [] : files(path)) : /\.tsx?$/.test(name) ? [path] : [];
      });
    const offenders = files(join(process.cwd(), 'src'))
      .flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/new (AppError|ProviderError)\(\s*'[A-Za-z_-]+',\s*[`'"]/g)].map((match) => `${path}: ${match[0]}`));
    expect(offenders).toEqual([]);
  });
});
