import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServices, type Services } from '@/src/background/services';
import { KeepAlive } from '@/src/background/keep-alive';
import { createHandlers } from '@/src/background/handlers';
import type { CatalogFile } from '@/src/catalog/types';
import type { RetryPolicy } from '@/src/providers/retry';
import { openAnswersDatabase } from '@/src/history/answers-db';
import type { ServerMessage } from '@/src/chat/port-protocol';
import { openUsageDatabase } from '@/src/usage/usage-db';
import { openVaultDatabase } from '@/src/vault/db';
import { CANARY_KEY, PASSPHRASE } from '../helpers/harness';

/** The catalog the worker fetches (public/catalog.json), read from disk. */
export const catalogFile = JSON.parse(readFileSync(path.resolve(process.cwd(), 'public/catalog.json'), 'utf8')) as CatalogFile;
export const testCatalog = (): Promise<unknown> => Promise.resolve(catalogFile);

export interface SpendHarness extends Services {
  clock: { now: number };
  handlers: ReturnType<typeof createHandlers>;
  names: { vault: string; chat: string; usage: string };
  /** An OpenAI key pointing at a mock server. */
  keyFor(serverUrl: string, label?: string): Promise<string>;
  /** A worker restart over the same databases. */
  restart(): SpendHarness;
}

let counter = 0;

/** The background's services on fresh databases, with the catalog from disk and a movable clock. */
export function spendHarness(options: { clock?: { now: number }; names?: SpendHarness['names']; retryPolicy?: RetryPolicy } = {}): SpendHarness {
  const clock = options.clock ?? { now: Date.UTC(2026, 10, 23, 9, 0, 0) };
  const suffix = `${++counter}-${Math.random().toString(36).slice(2)}`;
  const names = options.names ?? { vault: `vault-${suffix}`, chat: `chat-${suffix}`, usage: `usage-${suffix}` };
  const services = createServices({
    now: () => clock.now,
    db: openVaultDatabase(names.vault),
    chatDb: openAnswersDatabase(names.chat),
    usageDb: openUsageDatabase(names.usage),
    catalog: testCatalog,
    retryPolicy: options.retryPolicy ?? { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 0 },
    keepAlive: new KeepAlive(async () => undefined, 5),
  });
  const harness: SpendHarness = {
    ...services,
    clock,
    handlers: createHandlers(services),
    names,
    keyFor: async (serverUrl, label = 'Mock') =>
      (await services.keys.add({ provider: 'openai', label, secret: { apiKey: CANARY_KEY }, settings: { baseUrl: `${serverUrl}/v1` } })).id,
    restart: () => spendHarness({ clock, names }),
  };
  return harness;
}

export async function unlockedHarness(options: Parameters<typeof spendHarness>[0] = {}): Promise<SpendHarness> {
  const harness = spendHarness(options);
  await harness.vault.create(PASSPHRASE);
  return harness;
}

export function collector() {
  const messages: ServerMessage[] = [];
  return { messages, post: (message: ServerMessage) => void messages.push(message) };
}

let requestCounter = 0;
export const requestId = (): string => `request-${String(++requestCounter).padStart(6, '0')}`;
