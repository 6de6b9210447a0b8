import { expect, test } from 'vitest';
import { HostReply } from '@/src/local-model/host-protocol';
import { HostRequest } from '@/src/local-model/host-request';

test('the model page takes only well-formed requests for a Hub model', () => {
  const good = { type: 'generate', model: 'keyward-test/tiny-chat', messages: [{ role: 'user', content: 'Hi' }], maxTokens: 8 };
  expect(HostRequest.safeParse(good).success).toBe(true);
  expect(HostRequest.safeParse({ type: 'stop' }).success).toBe(true);
  for (const bad of [
    { ...good, model: '../../etc/passwd' },
    { ...good, model: 'https://evil.example/x' },
    { ...good, maxTokens: 0 },
    { ...good, messages: [] },
    { ...good, messages: [{ role: 'tool', content: 'x' }] },
    { ...good, extra: true },
    { type: 'eval', code: '1' },
  ]) {
    expect(HostRequest.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  }
});

test('the worker takes only the replies the page can send', () => {
  expect(HostReply.safeParse({ type: 'token', text: 'a' }).success).toBe(true);
  expect(HostReply.safeParse({ type: 'done', inputTokens: 1, outputTokens: 2, reason: 'stop' }).success).toBe(true);
  for (const bad of [
    { type: 'token', text: 1 },
    { type: 'done', inputTokens: -1, outputTokens: 2, reason: 'stop' },
    { type: 'error', code: 'whatever' },
    { type: 'ready', device: 'cuda', loadMs: 1 },
    { type: 'snapshot' },
  ]) {
    expect(HostReply.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  }
});
