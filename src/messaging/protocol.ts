import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { Empty, RecordId } from './schemas';
import { KeyView, Label, Passphrase, VaultStatus } from '@/src/vault/schemas';
import { ProviderIdSchema, ProviderSettings, SecretInput, ConnectionTest, ModelSummary } from '@/src/providers/schemas';
import { Settings, AutoLockSetting, SpendSettings } from '@/src/settings/schemas';
import { BudgetNotice } from '@/src/budget/schemas';
import { AnswerRecord } from '@/src/chat/answer-record';
import { MAX_CONTEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS } from '@/src/page/limits';
import { TOOLBAR_ACTIONS } from '@/src/page/actions';
import { PendingEntry } from '@/src/page/pending-action';
import { Discovery } from '@/src/local-servers/schemas';
import { EmbedRequest, EmbedResponse, EmbeddingModelOption } from '@/src/knowledge/embed-schemas';
import { PolicyState } from '@/src/policy/schema';

/**
 * Who may send a message. `extension-page`: the options page, popup or side panel of this
 * extension. `content-script`: our own content script inside a web page. `hidden-page`: the
 * extension's hidden page (src/platform/hidden-page.ts), which indexes with no page open and may
 * only embed. Nothing else is ever accepted: other extensions and web pages have no listener to reach.
 */
export type SenderKind = 'extension-page' | 'content-script' | 'hidden-page';

interface MessageSpec {
  allowedFrom: readonly SenderKind[];
  request: z.ZodMiniType;
  response: z.ZodMiniType;
}

/**
 * One message: who may send it, and its schemas, built together on the message's first use and
 * kept (src/shared/lazy-schema.ts says why: the worker's cold wake).
 */
function message<const From extends readonly SenderKind[], Request extends z.ZodMiniType, Response extends z.ZodMiniType>(
  allowedFrom: From,
  schemas: () => { request: Request; response: Response },
): { readonly allowedFrom: From; readonly request: Request; readonly response: Response } {
  let built: { request: Request; response: Response } | undefined;
  return {
    allowedFrom,
    get request() {
      return (built ??= schemas()).request;
    },
    get response() {
      return (built ??= schemas()).response;
    },
  };
}

const PAGES_ONLY = ['extension-page'] as const;
/** The hidden page indexes with no page open (issue 19): it embeds through the worker as the pages do, and nothing else. */
const PAGES_AND_HIDDEN_PAGE = ['extension-page', 'hidden-page'] as const;
/** Our content script may send exactly these two messages, and nothing else accepts them. */
const CONTENT_SCRIPT_ONLY = ['content-script'] as const;

/** The one protocol every context speaks: message name → who may send it, request, response. */
export const protocol = {
  'vault.status': message(PAGES_ONLY, () => ({ request: Empty, response: VaultStatus })),
  // keepSessionKeys (issue 18, session-only keys): the session-only keys move into the new vault.
  'vault.create': message(PAGES_ONLY, () => ({
    request: z.strictObject({ passphrase: Passphrase, keepSessionKeys: z.optional(z.literal(true)) }),
    response: VaultStatus,
  })),
  'vault.unlock': message(PAGES_ONLY, () => ({ request: z.strictObject({ passphrase: Passphrase }), response: VaultStatus })),
  'vault.lock': message(PAGES_ONLY, () => ({ request: Empty, response: VaultStatus })),
  'vault.changePassphrase': message(PAGES_ONLY, () => ({
    request: z.strictObject({ current: Passphrase, next: Passphrase }),
    response: VaultStatus,
  })),
  // The passphrase is required while the vault is unlocked; locked (a forgotten passphrase) the typed phrase is enough.
  'vault.wipe': message(PAGES_ONLY, () => ({
    request: z.strictObject({ confirm: z.literal('DELETE ALL KEYS'), passphrase: z.optional(Passphrase) }),
    response: VaultStatus,
  })),
  'vault.export': message(PAGES_ONLY, () => ({
    request: z.strictObject({ passphrase: Passphrase }),
    response: z.object({ fileName: z.string(), content: z.string() }),
  })),
  'vault.import': message(PAGES_ONLY, () => ({
    request: z.strictObject({ content: z.string().check(z.maxLength(5_000_000)), passphrase: Passphrase }),
    response: z.object({ added: z.number(), skipped: z.number() }),
  })),
  'settings.get': message(PAGES_ONLY, () => ({ request: Empty, response: Settings })),
  'settings.update': message(PAGES_ONLY, () => ({
    request: z.strictObject({
      autoLock: z.optional(AutoLockSetting),
      requestsPerMinutePerKey: z.optional(Settings.shape.requestsPerMinutePerKey),
      fallbackChains: z.optional(Settings.shape.fallbackChains),
      // Issue 18, key age: the rotation reminder's threshold in days (0 = off).
      rotateAfterDays: z.optional(Settings.shape.rotateAfterDays),
      /** Required when autoLock keeps the vault unlocked longer than now. */
      passphrase: z.optional(Passphrase),
    }),
    response: Settings,
  })),
  'keys.list': message(PAGES_ONLY, () => ({ request: Empty, response: z.object({ keys: z.array(KeyView) }) })),
  'keys.add': message(PAGES_ONLY, () => ({
    // sessionOnly (issue 18): kept in memory-only session storage, never on disk; no vault needed.
    request: z.strictObject({ provider: ProviderIdSchema, label: Label, secret: SecretInput, settings: ProviderSettings, sessionOnly: z.optional(z.literal(true)) }),
    response: KeyView,
  })),
  // Issue 18, session-only keys: one session-only key moves into the unlocked vault.
  'keys.keep': message(PAGES_ONLY, () => ({ request: z.strictObject({ id: RecordId }), response: KeyView })),
  'keys.update': message(PAGES_ONLY, () => ({
    // Changed settings (where the key is sent) need the passphrase, or the secret typed again.
    request: z.strictObject({
      id: RecordId,
      label: z.optional(Label),
      settings: z.optional(ProviderSettings),
      passphrase: z.optional(Passphrase),
      secret: z.optional(SecretInput),
    }),
    response: KeyView,
  })),
  'keys.rotate': message(PAGES_ONLY, () => ({ request: z.strictObject({ id: RecordId, secret: SecretInput }), response: KeyView })),
  'keys.delete': message(PAGES_ONLY, () => ({ request: z.strictObject({ id: RecordId }), response: z.object({ id: z.string() }) })),
  'keys.test': message(PAGES_ONLY, () => ({
    request: z.union([
      z.strictObject({ id: RecordId }),
      z.strictObject({ draft: z.strictObject({ provider: ProviderIdSchema, secret: SecretInput, settings: ProviderSettings }) }),
    ]),
    response: ConnectionTest,
  })),
  'models.list': message(PAGES_ONLY, () => ({
    request: z.strictObject({ keyId: RecordId }),
    response: z.object({ models: z.array(ModelSummary) }),
  })),
  // "Find local servers": probes 127.0.0.1 on the usual model servers' ports (src/local-servers/discovery.ts).
  'local.discover': message(PAGES_ONLY, () => ({ request: Empty, response: Discovery })),
  'spendSettings.get': message(PAGES_ONLY, () => ({ request: Empty, response: SpendSettings })),
  'spendSettings.update': message(PAGES_ONLY, () => ({
    request: z.strictObject({
      caps: z.optional(SpendSettings.shape.caps),
      warnAt: z.optional(SpendSettings.shape.warnAt),
      retention: z.optional(SpendSettings.shape.retention),
      priceOverrides: z.optional(SpendSettings.shape.priceOverrides),
    }),
    response: SpendSettings,
  })),
  'budget.status': message(PAGES_ONLY, () => ({ request: Empty, response: z.object({ caps: z.array(BudgetNotice) }) })),
  // Lets exactly the next request past a used-up cap; audited.
  'budget.override': message(PAGES_ONLY, () => ({ request: z.strictObject({ capId: RecordId }), response: z.object({ capId: z.string() }) })),
  'usage.deleteAll': message(PAGES_ONLY, () => ({
    request: z.strictObject({ confirm: z.literal('DELETE USAGE DATA'), includeAudit: z.boolean() }),
    response: z.object({ deleted: z.boolean() }),
  })),
  'chat.answer': message(PAGES_ONLY, () => ({ request: z.strictObject({ id: RecordId }), response: z.nullable(AnswerRecord) })),
  // The side panel takes the selection action queued for its window: the background removes it
  // before answering, so exactly one panel gets each (see src/background/selection-actions.ts).
  'page.takePendingAction': message(PAGES_ONLY, () => ({ request: z.strictObject({ windowId: z.int().check(z.gte(0)) }), response: z.nullable(PendingEntry) })),
  // The floating selection toolbar asks for the side panel with the selection attached; nothing is
  // sent to a model from it (see src/background/selection-actions.ts).
  'page.openPanel': message(CONTENT_SCRIPT_ONLY, () => ({
    request: z.strictObject({
      action: z.enum(TOOLBAR_ACTIONS),
      text: z.string().check(z.minLength(1), z.maxLength(MAX_CONTEXT_CHARS)),
      title: z.string().check(z.maxLength(MAX_TITLE_CHARS)),
      url: z.string().check(z.maxLength(MAX_URL_CHARS)),
    }),
    response: z.object({ opened: z.boolean() }),
  })),
  // Whether the selection toolbar may appear on the sender's page (the URL the browser reports for
  // the sender, not one the script sends). The script learns this one boolean and nothing else.
  'page.toolbarState': message(CONTENT_SCRIPT_ONLY, () => ({ request: Empty, response: z.object({ show: z.boolean() }) })),
  // Issue 19, part wip-embed: embeddings (src/knowledge/embed-service.ts; pages call them through embed-client.ts).
  'knowledge.embed': message(PAGES_AND_HIDDEN_PAGE, () => ({ request: EmbedRequest, response: EmbedResponse })),
  'knowledge.models': message(PAGES_ONLY, () => ({ request: Empty, response: z.object({ models: z.array(EmbeddingModelOption) }) })),
  // Issue 19, indexing with no page open (wip-bgindex): a page started or resumed indexing; the worker opens the hidden page (src/knowledge/background-indexer.ts).
  'knowledge.indexInBackground': message(PAGES_ONLY, () => ({ request: Empty, response: z.object({ woken: z.boolean() }) })),
  // --- Issue 18, organisation policy (wip-policy): the policy's state for the pages, the gateway's key never in it.
  'policy.get': message(PAGES_ONLY, () => ({ request: Empty, response: PolicyState })),
} as const satisfies Record<string, MessageSpec>;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.infer<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<Protocol[T]['response']>;

/** The envelope every runtime message travels in. */
export const Envelope = lazySchema(() =>
  z.strictObject({
    channel: z.literal('keyward'),
    type: z.string().check(z.maxLength(64)),
    payload: z.unknown(),
  }),
);
export type Envelope = z.infer<typeof Envelope>;

/** A refusal carries a code and a phrase (a message name and its substitutions), never words: the page renders them (src/messaging/client.ts). */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; phrase: unknown; retryAfterMs?: number } };

export function isMessageType(type: string): type is MessageType {
  return Object.prototype.hasOwnProperty.call(protocol, type);
}
