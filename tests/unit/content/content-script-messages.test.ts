import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '@/src/messaging/router';
import { protocol, type MessageType } from '@/src/messaging/protocol';

const SELF = { id: 'ourextensionid', origin: 'chrome-extension://ourextensionid' };
const CONTENT_SCRIPT = { id: SELF.id, url: 'https://example.com/article', origin: 'https://example.com', tab: { id: 7 }, frameId: 0 };
const SIDE_PANEL = { id: SELF.id, url: `${SELF.origin}/sidepanel.html`, origin: SELF.origin };
const WEB_PAGE = { url: 'https://evil.example/', origin: 'https://evil.example', tab: { id: 9 } };
const OTHER_EXTENSION = { id: 'someoneelse', url: 'chrome-extension://someoneelse/bg.js', origin: 'chrome-extension://someoneelse' };

function spyHandlers() {
  const calls: { type: string; payload: unknown; context: unknown }[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_target, type: string) => vi.fn(async (payload: unknown, context: unknown) => {
      calls.push({ type, payload, context });
      return type === 'page.openPanel' ? { opened: true } : type === 'page.toolbarState' ? { show: true } : {};
    }),
  });
  return { handlers, calls };
}

const payload = { action: 'ask', text: 'Selected words', title: 'Article', url: 'https://example.com/article' };

describe('the content script may send exactly two messages', () => {
  it('page.openPanel and page.toolbarState are the only messages our content script is allowed, and only it', () => {
    const open = (Object.keys(protocol) as MessageType[]).filter((type) => (protocol[type].allowedFrom as readonly string[]).includes('content-script'));
    expect(open).toEqual(['page.openPanel', 'page.toolbarState']);
    expect(protocol['page.openPanel'].allowedFrom).toEqual(['content-script']);
    expect(protocol['page.toolbarState'].allowedFrom).toEqual(['content-script']);
  });

  it('page.toolbarState takes nothing and answers for the URL the browser reports, not one the script sends', async () => {
    const { handlers, calls } = spyHandlers();
    const route = createRouter(handlers, SELF);
    expect(await route({ channel: 'keyward', type: 'page.toolbarState', payload: {} }, CONTENT_SCRIPT)).toEqual({ ok: true, data: { show: true } });
    expect(calls).toEqual([{ type: 'page.toolbarState', payload: {}, context: { sender: 'content-script', tabId: 7, url: 'https://example.com/article' } }]);
    expect(await route({ channel: 'keyward', type: 'page.toolbarState', payload: { url: 'https://elsewhere.example/' } }, CONTENT_SCRIPT)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await route({ channel: 'keyward', type: 'page.toolbarState', payload: {} }, SIDE_PANEL)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('is accepted from our content script, with the tab the browser reports', async () => {
    const { handlers, calls } = spyHandlers();
    const route = createRouter(handlers, SELF);
    expect(await route({ channel: 'keyward', type: 'page.openPanel', payload }, CONTENT_SCRIPT)).toEqual({ ok: true, data: { opened: true } });
    expect(calls).toEqual([{ type: 'page.openPanel', payload, context: { sender: 'content-script', tabId: 7, url: 'https://example.com/article' } }]);
  });

  it('is refused from our pages, other extensions and web pages', async () => {
    const { handlers, calls } = spyHandlers();
    const route = createRouter(handlers, SELF);
    for (const sender of [SIDE_PANEL, OTHER_EXTENSION, WEB_PAGE]) {
      expect(await route({ channel: 'keyward', type: 'page.openPanel', payload }, sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(calls).toEqual([]);
  });

  it('accepts only the toolbar’s actions and bounded text: nothing that would run a prompt', async () => {
    const { handlers, calls } = spyHandlers();
    const route = createRouter(handlers, SELF);
    for (const bad of [
      { ...payload, action: 'translate' },
      { ...payload, action: 'prompt' },
      { ...payload, text: '' },
      { ...payload, text: 'x'.repeat(200_001) },
      { ...payload, targets: [{ keyId: 'k', model: 'gpt' }] },
      { ...payload, messages: [{ role: 'user', content: 'spend my tokens' }] },
    ]) {
      expect(await route({ channel: 'keyward', type: 'page.openPanel', payload: bad }, CONTENT_SCRIPT)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(calls).toEqual([]);
  });

  it('vault, key, settings and chat messages stay closed to the content script', async () => {
    const { handlers, calls } = spyHandlers();
    const route = createRouter(handlers, SELF);
    for (const type of ['vault.status', 'vault.unlock', 'keys.list', 'keys.test', 'models.list', 'settings.get', 'chat.answer']) {
      expect(await route({ channel: 'keyward', type, payload: {} }, CONTENT_SCRIPT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(calls).toEqual([]);
  });
});
