import { describe, expect, test, vi } from 'vitest';
import { createRouter, type Handlers } from '@/src/messaging/router';
import { protocol, type MessageType } from '@/src/messaging/protocol';
import { classifySender } from '@/src/messaging/sender';
import { createHarness, PASSPHRASE, CANARY_KEY } from '../helpers/harness';

const SELF = { id: 'ourextensionid', origin: 'chrome-extension://ourextensionid' };
const OPTIONS_PAGE = { id: SELF.id, url: `${SELF.origin}/options.html`, origin: SELF.origin };
const POPUP = { id: SELF.id, url: `${SELF.origin}/popup.html`, origin: SELF.origin };
const SIDE_PANEL = { id: SELF.id, url: `${SELF.origin}/sidepanel.html`, origin: SELF.origin };
const OUR_CONTENT_SCRIPT = { id: SELF.id, url: 'https://example.com/article', origin: 'https://example.com', tab: { id: 7 }, frameId: 0 };
const OUR_CONTENT_SCRIPT_IN_FRAME = { ...OUR_CONTENT_SCRIPT, url: 'https://ads.example.net/frame', frameId: 3 };
const OTHER_EXTENSION = { id: 'someotherextension', url: 'chrome-extension://someotherextension/background.js', origin: 'chrome-extension://someotherextension' };
const OTHER_EXTENSION_CLAIMING_OUR_URL = { id: 'someotherextension', url: `${SELF.origin}/options.html`, origin: SELF.origin };
const WEB_PAGE = { url: 'https://evil.example/', origin: 'https://evil.example', tab: { id: 9 } };
const OUR_UNLISTED_PAGE = { id: SELF.id, url: `${SELF.origin}/some-other.html`, origin: SELF.origin };
/** The hidden page (Chrome's offscreen document, Firefox's frame of the background page): no tab. */
const HIDDEN_PAGE = { id: SELF.id, url: `${SELF.origin}/model-host.html`, origin: SELF.origin };

function spyHandlers(): Handlers {
  return new Proxy({} as Handlers, {
    get: () => vi.fn(async () => ({ keys: [{ secret: CANARY_KEY }] })),
  });
}

describe('security: sender classification', () => {
  test.each([
    ['options page', OPTIONS_PAGE, 'extension-page'],
    ['popup', POPUP, 'extension-page'],
    ['side panel', SIDE_PANEL, 'extension-page'],
    ['options page opened in a tab', { ...OPTIONS_PAGE, tab: { id: 3 } }, 'extension-page'],
    ['our content script', OUR_CONTENT_SCRIPT, 'content-script'],
    ['our content script in a sub-frame', OUR_CONTENT_SCRIPT_IN_FRAME, 'content-script'],
    ['another extension', OTHER_EXTENSION, 'foreign'],
    ['another extension claiming our URL', OTHER_EXTENSION_CLAIMING_OUR_URL, 'foreign'],
    ['a web page', WEB_PAGE, 'foreign'],
    ['an unlisted page of ours', OUR_UNLISTED_PAGE, 'unknown'],
    ['the hidden page', HIDDEN_PAGE, 'hidden-page'],
    ['the hidden page opened in a tab', { ...HIDDEN_PAGE, tab: { id: 4 } }, 'unknown'],
    ['a sender without a URL', { id: SELF.id }, 'unknown'],
    ['a content script on a non-web scheme', { id: SELF.id, url: 'data:text/html,hi', tab: { id: 1 } }, 'unknown'],
  ])('%s is classified %s', (_name, sender, expected) => {
    expect(classifySender(sender, SELF)).toBe(expected);
  });
});

const VAULT_AND_KEY_MESSAGES = (Object.keys(protocol) as MessageType[]).filter((type) => /^(vault|keys|settings)\./.test(type));

describe('security: privileged messages are refused from anything but our pages', () => {
  test('every vault, key and settings message is pages-only in the protocol', () => {
    expect(VAULT_AND_KEY_MESSAGES.length).toBeGreaterThanOrEqual(15);
    for (const type of VAULT_AND_KEY_MESSAGES) expect(protocol[type].allowedFrom).toEqual(['extension-page']);
  });

  const refusedSenders = [
    ['content script', OUR_CONTENT_SCRIPT],
    ['content script in a sub-frame', OUR_CONTENT_SCRIPT_IN_FRAME],
    ['another extension', OTHER_EXTENSION],
    ['another extension claiming our URL', OTHER_EXTENSION_CLAIMING_OUR_URL],
    ['web page', WEB_PAGE],
    ['unlisted page', OUR_UNLISTED_PAGE],
  ] as const;

  for (const [name, sender] of refusedSenders) {
    test(`${name}: every privileged message gets FORBIDDEN_SENDER and no handler runs`, async () => {
      const handlers = spyHandlers();
      const route = createRouter(handlers, SELF);
      for (const type of VAULT_AND_KEY_MESSAGES) {
        const reply = await route({ channel: 'keyward', type, payload: {} }, sender);
        expect(reply).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', phrase: { key: 'error_forbiddenSender', params: [] } } });
      }
    });
  }

  test('a real vault behind the router: the content script gets nothing, the options page gets masked keys only', async () => {
    const h = createHarness();
    await h.vault.create(PASSPHRASE);
    await h.keys.add({ provider: 'openai', label: 'Work', secret: { apiKey: CANARY_KEY }, settings: {} });
    const route = createRouter(h.handlers, SELF);
    const fromContent = await route({ channel: 'keyward', type: 'keys.list', payload: {} }, OUR_CONTENT_SCRIPT);
    expect(fromContent.ok).toBe(false);
    const exportFromContent = await route({ channel: 'keyward', type: 'vault.export', payload: {} }, OUR_CONTENT_SCRIPT);
    expect(exportFromContent.ok).toBe(false);
    const fromPage = await route({ channel: 'keyward', type: 'keys.list', payload: {} }, OPTIONS_PAGE);
    expect(fromPage.ok).toBe(true);
    expect(JSON.stringify(fromPage)).not.toContain(CANARY_KEY);
    expect(JSON.stringify(fromPage)).toContain('sk-…');
  });
});

describe('message validation', () => {
  const route = createRouter(spyHandlers(), SELF);

  test.each([
    ['not an object', 'keys.list'],
    ['no channel', { type: 'keys.list', payload: {} }],
    ['wrong channel', { channel: 'other', type: 'keys.list', payload: {} }],
    ['extra envelope field', { channel: 'keyward', type: 'keys.list', payload: {}, admin: true }],
    ['null', null],
  ])('a malformed envelope (%s) is BAD_REQUEST', async (_what, message) => {
    expect(await route(message, OPTIONS_PAGE)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  test('an unknown type is UNKNOWN_MESSAGE, including prototype names', async () => {
    for (const type of ['keys.dump', 'constructor', '__proto__', 'toString']) {
      expect(await route({ channel: 'keyward', type, payload: {} }, OPTIONS_PAGE)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
    }
  });

  test.each([
    ['vault.unlock', {}],
    ['vault.unlock', { passphrase: 42 }],
    ['vault.unlock', { passphrase: '' }],
    ['vault.unlock', { passphrase: 'x', extra: 1 }],
    ['keys.add', { provider: 'not-a-provider', label: 'x', secret: {}, settings: {} }],
    ['keys.add', { provider: 'openai', label: '', secret: {}, settings: {} }],
    ['keys.add', { provider: 'openai', label: 'x', secret: { apiKey: 'x'.repeat(9000) }, settings: {} }],
    ['keys.add', { provider: 'openai', label: 'x', secret: { token: 'x' }, settings: {} }],
    ['vault.wipe', { confirm: 'yes' }],
    ['settings.update', { autoLock: 2 }],
    ['keys.delete', { id: 'x'.repeat(65) }],
  ])('%s with a bad payload (case %#) is BAD_REQUEST and echoes nothing', async (type, payload) => {
    const reply = await route({ channel: 'keyward', type, payload }, OPTIONS_PAGE);
    expect(reply).toEqual({ ok: false, error: { code: 'BAD_REQUEST', phrase: { key: 'error_invalidFields', params: [] } } });
  });

  test('responses are stripped to their schema: an extra field never leaves the background', async () => {
    const handlers = { 'settings.get': async () => ({ autoLock: 15, requestsPerMinutePerKey: 30, fallbackChains: [], secret: CANARY_KEY }) } as unknown as Handlers;
    const reply = await createRouter(handlers, SELF)({ channel: 'keyward', type: 'settings.get', payload: {} }, OPTIONS_PAGE);
    expect(reply).toEqual({ ok: true, data: { autoLock: 15, requestsPerMinutePerKey: 30, fallbackChains: [] } });
  });

  test('an unexpected exception becomes a generic INTERNAL error without its text', async () => {
    const handlers = {
      'settings.get': async () => {
        throw new Error(`failed with ${CANARY_KEY}`);
      },
    } as unknown as Handlers;
    const reply = await createRouter(handlers, SELF)({ channel: 'keyward', type: 'settings.get', payload: {} }, OPTIONS_PAGE);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain(CANARY_KEY);
  });
});

describe('security: the hidden page may only embed', () => {
  test('knowledge.embed is the one message it may send; every other one is FORBIDDEN_SENDER and no handler runs', async () => {
    const allowed = (Object.keys(protocol) as MessageType[]).filter((type) => (protocol[type].allowedFrom as readonly string[]).includes('hidden-page'));
    expect(allowed).toEqual(['knowledge.embed']);
    const handlers = spyHandlers();
    const route = createRouter(handlers, SELF);
    for (const type of Object.keys(protocol) as MessageType[]) {
      if (type === 'knowledge.embed') continue;
      const reply = await route({ channel: 'keyward', type, payload: {} }, HIDDEN_PAGE);
      expect(reply, type).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', phrase: { key: 'error_forbiddenSender', params: [] } } });
    }
    const embed = vi.fn(async () => ({ vectors: [], dims: 3, inputTokens: 0, costUsd: 0, model: 'm' }));
    const embedOnly = createRouter(new Proxy({} as Handlers, { get: (_target, name) => (name === 'knowledge.embed' ? embed : vi.fn()) }), SELF);
    await embedOnly({ channel: 'keyward', type: 'knowledge.embed', payload: { target: { keyId: null, model: 'keyward-test/tiny-embed' }, texts: ['a'], purpose: 'collection' } }, HIDDEN_PAGE);
    expect(embed).toHaveBeenCalledTimes(1);
  });
});
