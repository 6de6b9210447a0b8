import { describe, expect, test } from 'vitest';
import { LocalOriginAccess, localServerOrigins, savedLocalOrigins } from '@/src/background/local-origins';
import { firefoxHeaderListener, sessionRulesFor } from '@/src/platform/extension-origin';

describe('which servers lose the extension’s Origin header', () => {
  test('local servers of the saved keys and servers on this computer; never a hosted API; damaged rows skipped', () => {
    const rows = [
      { provider: 'ollama', settings: {} },
      { provider: 'ollama', settings: { baseUrl: 'http://192.168.1.20:11434' } },
      { provider: 'lmstudio', settings: { baseUrl: 'http://127.0.0.1:1234/v1' } },
      { provider: 'custom', settings: { baseUrl: 'http://localhost:9000/v1' } },
      { provider: 'custom', settings: { baseUrl: 'https://proxy.example.com/v1' } },
      { provider: 'openai', settings: {} },
      { provider: 'openai', settings: { baseUrl: 'http://127.0.0.1:8787/v1' } },
      { provider: 'nonsense', settings: {} },
      { provider: 'ollama', settings: { baseUrl: 42 } },
      'junk',
    ];
    expect(savedLocalOrigins(rows)).toEqual([
      'http://localhost:11434',
      'http://192.168.1.20:11434',
      'http://127.0.0.1:1234',
      'http://localhost:9000',
      'http://127.0.0.1:8787',
    ]);
    expect(localServerOrigins('chrome-built-in', {})).toEqual([]);
    expect(localServerOrigins('huggingface', {})).toEqual([]);
  });

  test('Chrome: one session rule per origin, port included, for the extension’s own non-tab fetches only', () => {
    expect(sessionRulesFor(['http://127.0.0.1:11434', 'http://localhost'], 'abcdefghijklmnop')).toEqual([
      {
        id: 1,
        priority: 1,
        action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
        condition: { urlFilter: '|http://127.0.0.1:11434/', initiatorDomains: ['abcdefghijklmnop'], tabIds: [-1], resourceTypes: ['xmlhttprequest', 'other'] },
      },
      {
        id: 2,
        priority: 1,
        action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
        condition: { urlFilter: '|http://localhost/', initiatorDomains: ['abcdefghijklmnop'], tabIds: [-1], resourceTypes: ['xmlhttprequest', 'other'] },
      },
    ]);
  });

  test('Firefox: the header goes only from our background page’s requests to exactly those origins', () => {
    const base = 'moz-extension://0b1c2d3e-uuid/';
    const listener = firefoxHeaderListener(['http://127.0.0.1:11434'], base);
    const headers = [
      { name: 'Origin', value: 'moz-extension://0b1c2d3e-uuid' },
      { name: 'Content-Type', value: 'application/json' },
    ];
    const ours = { url: 'http://127.0.0.1:11434/api/chat', tabId: -1, originUrl: `${base}_generated_background_page.html`, requestHeaders: headers };
    expect(listener(ours)).toEqual({ requestHeaders: [{ name: 'Content-Type', value: 'application/json' }] });
    expect(listener({ ...ours, originUrl: 'https://evil.example/page', tabId: 3 }), 'a web page').toBeUndefined();
    expect(listener({ ...ours, originUrl: 'https://evil.example/sw.js' }), 'a web site’s worker (no tab)').toBeUndefined();
    expect(listener({ ...ours, tabId: 7, originUrl: `${base}options.html` }), 'our own page in a tab').toBeUndefined();
    expect(listener({ ...ours, url: 'http://127.0.0.1:8080/v1/models' }), 'another port').toBeUndefined();
    expect(listener({ ...ours, originUrl: 'moz-extension://other-uuid/background.html' }), 'another extension').toBeUndefined();
  });
});

describe('LocalOriginAccess keeps the rules in line with the keys, the permissions and the leases', () => {
  function harness(saved: string[], granted: (origin: string) => boolean = () => true) {
    const applied: string[][] = [];
    const access = new LocalOriginAccess({
      savedOrigins: async () => saved,
      isGranted: async (origin) => granted(origin),
      apply: async (origins) => {
        applied.push(origins);
      },
    });
    return { access, applied, saved };
  }

  test('only origins the user granted get a rule (the browser would ignore the others anyway)', async () => {
    const { access, applied } = harness(['http://127.0.0.1:11434', 'http://192.168.1.20:11434'], (origin) => origin.includes('127.0.0.1'));
    await access.ready();
    expect(applied).toEqual([['http://127.0.0.1:11434']]);
  });

  test('a lease adds its origins for the length of the work, then they go', async () => {
    const { access, applied } = harness(['http://127.0.0.1:11434']);
    let during: string[] | undefined;
    await access.with(['http://127.0.0.1:8080'], async () => {
      during = applied.at(-1);
    });
    await access.sync();
    expect(during).toEqual(['http://127.0.0.1:11434', 'http://127.0.0.1:8080'].sort());
    expect(applied.at(-1)).toEqual(['http://127.0.0.1:11434']);
  });

  test('a key added or deleted shows in the next sync; a failing read leaves no stale origin', async () => {
    const { access, applied, saved } = harness(['http://127.0.0.1:11434']);
    await access.ready();
    saved.push('http://127.0.0.1:1234');
    await access.sync();
    saved.splice(0, 2);
    await access.sync();
    expect(applied).toEqual([['http://127.0.0.1:11434'], ['http://127.0.0.1:11434', 'http://127.0.0.1:1234'], []]);
  });

  test('syncs run one at a time, in order', async () => {
    let running = 0;
    let overlapped = false;
    const access = new LocalOriginAccess({
      savedOrigins: async () => [],
      isGranted: async () => true,
      apply: async () => {
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
      },
    });
    await Promise.all([access.sync(), access.sync(), access.sync()]);
    expect(overlapped).toBe(false);
  });
});
