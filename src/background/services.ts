import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { openVaultDatabase, type VaultDatabase } from '@/src/vault/db';
import { Vault } from '@/src/vault/vault';
import { KeyRecords } from '@/src/vault/key-records';
import { OpfsEpochKeyStore, type EpochKeyStore } from '@/src/vault/epochs';
import type { UnlockedSession } from '@/src/session/unlocked-session';
import { AuditedSession } from '@/src/audit/audited-session';
import { openUsageDatabase, type UsageDatabase } from '@/src/usage/usage-db';
import { recordInterruptedAnswers } from '@/src/usage/interrupted';
import { createAuditLog, createSpendServices, type SpendServices } from '@/src/usage/spend-services';
import { readSettings } from '@/src/settings/settings-store';
import { openAnswersDatabase, markOrphanedAnswersInterrupted, type AnswersDatabase } from '@/src/history/answers-db';
import { ChatStreams } from '@/src/chat/chat-streams';
import { RequestRateLimiter } from '@/src/providers/rate-limit';
import type { RetryPolicy } from '@/src/providers/retry';
import { KeepAlive } from './keep-alive';
import { stripExtensionOrigin } from '@/src/platform/extension-origin';
import { LocalOriginAccess, originGranted, savedLocalOrigins } from './local-origins';

export interface Services {
  db: VaultDatabase;
  chatDb: AnswersDatabase;
  session: UnlockedSession;
  vault: Vault;
  keys: KeyRecords;
  chat: ChatStreams;
  keepAlive: KeepAlive;
  /** Requests per minute per key, shared by chat answers and embeddings. */
  limiter: RequestRateLimiter;
  /** Bounded retries of failed provider calls (embeddings; chat passes it to ChatStreams). */
  retryPolicy?: RetryPolicy;
  /** Usage, cost, budgets and the audit log. */
  spend: SpendServices;
  /** Which local servers the extension's requests reach without an Origin header (local-origins.ts). */
  localOrigins: LocalOriginAccess;
  now: () => number;
  extensionOrigin?: string;
  fetch?: typeof fetch;
  /**
   * Settles once answers orphaned by a previous worker are marked interrupted. The first call starts
   * that scan (it opens the history and usage databases): a wake that needs neither does not wait for it.
   */
  ready: () => Promise<unknown>;
}

export interface ServiceOptions {
  now?: () => number;
  db?: VaultDatabase;
  /** Where the vault's epoch keys live; OPFS by default, in a directory named after the vault database. */
  epochs?: EpochKeyStore;
  chatDb?: AnswersDatabase;
  extensionOrigin?: string;
  fetch?: typeof fetch;
  retryPolicy?: RetryPolicy;
  keepAlive?: KeepAlive;
  usageDb?: UsageDatabase;
  /** The model catalog's loader; the worker's default fetches public/catalog.json. */
  catalog?: () => Promise<unknown>;
  localOrigins?: LocalOriginAccess;
}

export function createServices(options: ServiceOptions = {}): Services {
  const now = options.now ?? Date.now;
  const db = options.db ?? openVaultDatabase();
  const chatDb = options.chatDb ?? openAnswersDatabase();
  const usageDb = options.usageDb ?? openUsageDatabase();
  const audit = createAuditLog(usageDb, now);
  const session = new AuditedSession({ now, autoLock: async () => (await readSettings()).autoLock }, audit);
  const epochs = options.epochs ?? new OpfsEpochKeyStore(db.name);
  const vault = new Vault({ db, session, now, epochs });
  const keys = new KeyRecords({ db, vault, now });
  const keepAlive = options.keepAlive ?? new KeepAlive();
  const limiter = new RequestRateLimiter({ requestsPerMinute: 0, now });
  const spend = createSpendServices({ db: usageDb, audit, vaultDb: db, now, ...(options.catalog ? { catalog: options.catalog } : {}) });
  const chat = new ChatStreams({
    db: chatDb,
    keys,
    keepAlive,
    limiter,
    now,
    requestsPerMinute: async () => (await readSettings()).requestsPerMinutePerKey,
    usage: spend.recorder,
    budgets: spend.budgets,
    prices: spend.prices,
    ...(options.extensionOrigin === undefined ? {} : { extensionOrigin: options.extensionOrigin }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
  });
  // A lock ends every answer in flight: none may keep using a key past the session that opened it.
  session.onClose(() => chat.failAll(new AppError('VAULT_LOCKED', phrase('error_lockedStopped'))));
  let scan: Promise<unknown> | undefined;
  const ready = () =>
    (scan ??= recordInterruptedAnswers(chatDb, (call) => spend.recorder.record(call))
      .catch(() => undefined)
      .then(() => markOrphanedAnswersInterrupted(chatDb, now()))
      .catch(() => 0));
  const localOrigins =
    options.localOrigins ??
    new LocalOriginAccess({ savedOrigins: async () => savedLocalOrigins(await db.secrets.toArray()), isGranted: originGranted, apply: stripExtensionOrigin });
  const services: Services = { db, chatDb, session, vault, keys, chat, keepAlive, limiter, spend, localOrigins, now, ready };
  if (options.retryPolicy !== undefined) services.retryPolicy = options.retryPolicy;
  if (options.extensionOrigin !== undefined) services.extensionOrigin = options.extensionOrigin;
  if (options.fetch !== undefined) services.fetch = options.fetch;
  return services;
}
