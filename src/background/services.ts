import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { openVaultDatabase, type VaultDatabase } from '@/src/vault/db';
import { Vault } from '@/src/vault/vault';
import { KeyRecords } from '@/src/vault/key-records';
import { OpfsEpochKeyStore, type EpochKeyStore } from '@/src/vault/epochs';
import type { UnlockedSession } from '@/src/session/unlocked-session';
import { isSessionKeyId, sessionKeysAllowed } from '@/src/session/session-key-rules';
import { SessionKeys } from '@/src/session/session-keys';
import { AuditedSession } from '@/src/audit/audited-session';
import { openUsageDatabase, type UsageDatabase } from '@/src/usage/usage-db';
import { recordInterruptedAnswers } from '@/src/usage/interrupted';
import { createAuditLog, createSpendServices, type SpendServices } from '@/src/usage/spend-services';
import { readSettings, readSpendSettings } from '@/src/settings/settings-store';
import { PolicyService } from '@/src/policy/policy-service';
import { isGatewayKeyId } from '@/src/policy/gateway-key';
import { effectiveAutoLock, effectiveSpendSettings } from '@/src/policy/policy';
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
  /** Keys for this session only (issue 18): memory only, no vault needed. */
  sessionKeys: SessionKeys;
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
  /** The organisation policy from managed storage (src/policy). */
  policy: PolicyService;
  now: () => number;
  /** A deliberate user action: pushes back both the vault's auto-lock and the session-only keys' end. */
  touch: () => Promise<void>;
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
  /** The organisation policy; managed storage by default. */
  policy?: PolicyService;
}

export function createServices(options: ServiceOptions = {}): Services {
  const now = options.now ?? Date.now;
  const db = options.db ?? openVaultDatabase();
  const chatDb = options.chatDb ?? openAnswersDatabase();
  const usageDb = options.usageDb ?? openUsageDatabase();
  const policy = options.policy ?? new PolicyService();
  // The settings in force: the user's, within what the organisation's policy allows.
  const spendSettings = async () => effectiveSpendSettings(await policy.inForce(), await readSpendSettings());
  const audit = createAuditLog(usageDb, now, async () => (await policy.inForce())?.auditRetentionMinDays);
  const clock = { now, autoLock: async () => effectiveAutoLock(await policy.inForce(), (await readSettings()).autoLock) };
  const session = new AuditedSession(clock, audit);
  const sessionKeys = new SessionKeys(clock);
  // Locking the vault (by hand, by auto-lock, by a wipe) also ends the session-only keys; with no
  // vault, a lock ends them alone (the session's close runs its listeners whether or not it was open).
  session.onClose(() => void sessionKeys.close().catch(() => undefined));
  const epochs = options.epochs ?? new OpfsEpochKeyStore(db.name);
  const vault = new Vault({ db, session, now, epochs, minStrength: async () => (await policy.inForce())?.minPassphraseStrength === 4 ? 4 : 3 });
  const keys = new KeyRecords({ db, vault, now, sessionKeys });
  const keepAlive = options.keepAlive ?? new KeepAlive();
  const limiter = new RequestRateLimiter({ requestsPerMinute: 0, now });
  // A session-only key is named by its label like a saved one; the gateway by these words (usage rows keep English labels, like "Chrome built-in").
  const otherKeys = async (keyId: string) => {
    if (isGatewayKeyId(keyId)) {
      const gateway = (await policy.inForce())?.gateway;
      return { provider: gateway?.provider ?? 'custom', label: 'Organisation gateway' };
    }
    if (!isSessionKeyId(keyId)) return undefined;
    const view = (await sessionKeys.list().catch(() => [])).find((key) => key.id === keyId);
    return view && { provider: view.provider, label: view.label };
  };
  const spend = createSpendServices({ db: usageDb, audit, vaultDb: db, now, spendSettings, otherKeys, ...(options.catalog ? { catalog: options.catalog } : {}) });
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
    policy,
    ...(options.extensionOrigin === undefined ? {} : { extensionOrigin: options.extensionOrigin }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
  });
  // A lock ends every answer in flight: none may keep using a key past the session that opened it.
  session.onClose(() => chat.failAll(new AppError('VAULT_LOCKED', phrase('error_lockedStopped'))));
  // A policy changed while the browser runs takes effect at once: the auto-lock alarms follow a new
  // cap, the badge and retention follow new spending caps and audit floor, and session-only keys end
  // when the policy turns them off.
  policy.onChange(() => {
    void session.reschedule().catch(() => undefined);
    void sessionKeys.reschedule().catch(() => undefined);
    void spend.maintain().catch(() => undefined);
    void policy
      .inForce()
      .then((rules) => (sessionKeysAllowed(rules) ? undefined : sessionKeys.close()))
      .catch(() => undefined);
  });
  sessionKeys.onClose(() => chat.failAll(new AppError('VAULT_LOCKED', phrase('error_lockedStopped'))));
  let scan: Promise<unknown> | undefined;
  const ready = () =>
    (scan ??= recordInterruptedAnswers(chatDb, (call) => spend.recorder.record(call))
      .catch(() => undefined)
      .then(() => markOrphanedAnswersInterrupted(chatDb, now()))
      .catch(() => 0));
  const localOrigins =
    options.localOrigins ??
    new LocalOriginAccess({
      // A session-only key for a local server needs its rule as much as a saved one.
      savedOrigins: async () => savedLocalOrigins([...(await db.secrets.toArray()), ...(await sessionKeys.connections())]),
      isGranted: originGranted,
      apply: stripExtensionOrigin,
    });
  const touch = async () => {
    await Promise.all([session.touch(), sessionKeys.touch()]);
  };
  const services: Services = { db, chatDb, session, sessionKeys, vault, keys, chat, keepAlive, limiter, spend, localOrigins, policy, now, touch, ready };
  if (options.retryPolicy !== undefined) services.retryPolicy = options.retryPolicy;
  if (options.extensionOrigin !== undefined) services.extensionOrigin = options.extensionOrigin;
  if (options.fetch !== undefined) services.fetch = options.fetch;
  return services;
}
