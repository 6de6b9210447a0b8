import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '@/tests/mock-provider/server';

describe('mock provider server', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(async () => {
    await mock.close();
  });

  test('listens on a random 127.0.0.1 port', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.port).toBeGreaterThan(0);
  });

  test('control endpoints: set a scenario, read the recorded requests, reset', async () => {
    mock.reset();
    const set = await fetch(`${mock.url}/__mock/scenario`, { method: 'POST', body: JSON.stringify({ scenario: 'rate-limited', retryAfter: '3' }) });
    expect(await set.json()).toEqual({ scenario: 'rate-limited' });
    const limited = await fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: '{"model":"m"}' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('access-control-allow-origin')).toBe('*');
    const recorded = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as { path: string; scenario: string; json?: unknown }[];
    expect(recorded).toEqual([expect.objectContaining({ path: '/v1/messages', scenario: 'rate-limited', json: { model: 'm' } })]);
    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    expect(mock.requests).toHaveLength(0);
    expect((await fetch(`${mock.url}/v1/messages`, { method: 'POST', body: '{}' })).status).toBe(200);
  });

  test('an unknown scenario is refused', async () => {
    const response = await fetch(`${mock.url}/__mock/scenario`, { method: 'POST', body: JSON.stringify({ scenario: 'nope' }) });
    expect(response.status).toBe(400);
  });

  test('the x-mock-scenario header overrides the current scenario for one request', async () => {
    mock.reset();
    const response = await fetch(`${mock.url}/api/chat`, { method: 'POST', headers: { 'x-mock-scenario': 'forbidden-empty' }, body: '{}' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
  });

  test('answers OpenAI chat with a chosen text, set by setScenario or the control endpoint', async () => {
    const text = 'See [docs](https://example.com/docs)\n\n![x](https://evil.example/p.png?d=1) done.';
    const answerOf = async () => {
      const response = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: '{"model":"gpt-4.1-nano"}' });
      const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => event.slice(6));
      expect(events.at(-1)).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as { choices: { delta: { content?: string }; finish_reason: string | null }[] });
      expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
      return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    };
    mock.setScenario('normal', { answer: text });
    expect(await answerOf()).toBe(text);
    await fetch(`${mock.url}/__mock/scenario`, { method: 'POST', body: JSON.stringify({ scenario: 'normal', answer: 'Other *text*.' }) });
    expect(await answerOf()).toBe('Other *text*.');
    mock.reset();
    expect(await answerOf()).toContain('Holiday');
  });

  test('runs standalone with node --experimental-strip-types', async () => {
    const script = fileURLToPath(new URL('../../mock-provider/server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no start line; got: ${output}`)), 10_000);
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.stderr.on('data', (data: Buffer) => {
          output += data.toString();
        });
        child.on('exit', (code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
      });
      const response = await fetch(`${url}/v1/models`);
      expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
