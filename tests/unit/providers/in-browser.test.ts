import { beforeEach, describe, expect, test, vi } from 'vitest';
import { renderEnglish } from '../../fixtures/messages';
import type { HostReply } from '@/src/local-model/host-protocol';
import type { HostRequest } from '@/src/local-model/host-request';

/** The model's page, as the worker's side of the port sees it: these replies, for each request. */
let replies: HostReply[] = [];
const sent: HostRequest[] = [];
let supported = true;

vi.mock('@/src/local-model/host-client', () => ({
  modelHostSupported: () => supported,
  async *askModelHost(request: HostRequest, signal: AbortSignal) {
    sent.push(request);
    for (const reply of replies) {
      if (signal.aborted) return;
      yield reply;
    }
  },
}));

const { inBrowserAdapter, IN_BROWSER_DEFAULT_MAX_TOKENS } = await import('@/src/providers/in-browser');
const { adapterFor } = await import('@/src/providers/registry');
const { IN_BROWSER, ProviderError } = await import('@/src/providers/types');
const { drain } = await import('./helpers');

const conn = { provider: IN_BROWSER, secret: {}, settings: {} } as const;
const request = { model: 'keyward-test/tiny-chat', messages: [{ role: 'user' as const, content: 'Hello' }] };

beforeEach(() => {
  replies = [];
  sent.length = 0;
  supported = true;
});

describe('the in-browser adapter', () => {
  test('is the registry’s adapter for in-browser models', () => {
    expect(adapterFor(IN_BROWSER)).toBe(inBrowserAdapter);
  });

  test('streams the page’s tokens, then the model’s own usage and finish', async () => {
    replies = [
      { type: 'ready', device: 'wasm', loadMs: 12 },
      { type: 'token', text: 'Hello ' },
      { type: 'token', text: 'there' },
      { type: 'done', inputTokens: 9, outputTokens: 3, reason: 'length' },
    ];
    const { events, error } = await drain(inBrowserAdapter.streamChat(conn, { ...request, temperature: 0.5 }, { signal: new AbortController().signal }));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text', text: 'Hello ' },
      { type: 'text', text: 'there' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } },
      { type: 'finish', reason: 'length' },
    ]);
    expect(sent).toEqual([{ type: 'generate', model: request.model, messages: request.messages, maxTokens: IN_BROWSER_DEFAULT_MAX_TOKENS, temperature: 0.5 }]);
  });

  test('each of the page’s failures is a clear, final error', async () => {
    const cases = [
      ['not-downloaded', 'model-not-found', /not downloaded/],
      ['damaged', 'model-not-found', /damaged/],
      ['out-of-memory', 'context-too-long', /ran out of memory/],
      ['failed', 'server', /could not answer/],
    ] as const;
    for (const [code, kind, words] of cases) {
      replies = [{ type: 'error', code }];
      const { error } = await drain(inBrowserAdapter.streamChat(conn, request, { signal: new AbortController().signal }));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error?.kind, code).toBe(kind);
      expect(error?.retryable, code).toBe(false);
      expect(renderEnglish(error?.phrase), code).toMatch(words);
    }
  });

  test('an answer that ends without done is cut, not complete; a stop is an abort; no page is a clear refusal', async () => {
    replies = [{ type: 'ready', device: 'webgpu', loadMs: 1 }, { type: 'token', text: 'Hel' }];
    expect((await drain(inBrowserAdapter.streamChat(conn, request, { signal: new AbortController().signal }))).error?.kind).toBe('network');

    const controller = new AbortController();
    controller.abort();
    replies = [{ type: 'ready', device: 'wasm', loadMs: 1 }, { type: 'done', inputTokens: 1, outputTokens: 1, reason: 'stop' }];
    expect((await drain(inBrowserAdapter.streamChat(conn, request, { signal: controller.signal }))).error?.kind).toBe('aborted');

    supported = false;
    const refused = await drain(inBrowserAdapter.streamChat(conn, request, { signal: new AbortController().signal }));
    expect(refused.error?.kind).toBe('invalid-request');
    expect(renderEnglish(refused.error?.phrase)).toMatch(/cannot run in-browser models/);
    expect(sent).toHaveLength(2);
  });
});
