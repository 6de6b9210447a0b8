import type { Handlers } from '@/src/messaging/router';
import type { VaultStatus } from '@/src/vault/schemas';
import { toolbarStateFor } from '@/src/page/toolbar-script';
import { readSettings, writeSettings, writeSpendSettings } from '@/src/settings/settings-store';
import { audited, errorClassOf } from '@/src/audit/audited';
import { loosensAutoLock } from '@/src/settings/auto-lock';
import { exportBackup, importBackup } from '@/src/vault/backup';
import type { Services } from './services';
import { listModels, testKey } from './connections';
import { findLocalServers } from './local-servers';
import { sessionKeysAllowed } from '@/src/session/session-key-rules';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import { openPanelFromToolbar, takePendingAction } from './selection-actions';
import { embeddingModels, embedTexts } from '@/src/knowledge/embed-service';
import { wakeHiddenIndexer } from '@/src/local-model/host-client';
import { effectiveAutoLock } from '@/src/policy/policy';
import { assertAuditKept, assertAutoLockAllowed, assertExportAllowed, assertKeyAllowed, assertOverrideAllowed } from '@/src/policy/guard';
import { normalizeSettings } from '@/src/vault/secret-input';
import { listKeys } from '@/src/policy/key-access';

async function statusOf(services: Services): Promise<VaultStatus> {
  const [{ state, meta, retryAfterMs, locksAt }, settings, policy, sessionKeys] = await Promise.all([
    services.vault.status(),
    readSettings(),
    services.policy.inForce(),
    services.sessionKeys.status(),
  ]);
  const status: VaultStatus = { state, autoLock: effectiveAutoLock(policy, settings.autoLock) };
  if (sessionKeys) status.sessionKeys = sessionKeys;
  if (!sessionKeysAllowed(policy)) status.sessionKeysAllowed = false;
  if (policy?.gateway) status.orgGateway = true;
  if (retryAfterMs > 0) status.retryAfterMs = retryAfterMs;
  if (state === 'unlocked' && locksAt !== undefined) status.locksAt = locksAt;
  // A damaged header still has a status (locked); it just has no date.
  if (meta) status.passphraseSetAt = meta.updatedAt;
  return status;
}

/** What the audit log says about a key: its provider and label, never more. */
const keyDetails = (key?: { provider?: string; label: string }) => (key ? { provider: key.provider, keyLabel: key.label } : {});

/**
 * Message handlers of the background. A deliberate user action (unlock, any key change) counts
 * as activity and pushes auto-lock back; reading the status does not, so an open page cannot
 * keep the vault unlocked forever.
 */
export function createHandlers(services: Services): Handlers {
  const { vault, keys, session, policy } = services;
  const { audit, budgets } = services.spend;
  const backupDeps = { ...services };
  const acting = async <T>(work: () => Promise<T>): Promise<T> => {
    const result = await work();
    await services.touch();
    return result;
  };
  // The key list decides which local servers get their Origin header dropped: every change to it
  // brings the rules in line before the reply, so the next test or chat already has them.
  const changingKeys = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } finally {
      await services.localOrigins.sync().catch(() => undefined);
    }
  };

  return {
    'vault.status': () => statusOf(services),
    'vault.create': async ({ passphrase, keepSessionKeys }) => {
      await audited(audit, 'vault.created', () => vault.create(passphrase));
      // "Keep my key": the session-only keys move into the new vault, each audited as added.
      if (keepSessionKeys) {
        const kept = await changingKeys(() => keys.keepSessionKeys());
        for (const view of kept) await audit.write({ action: 'key.added', outcome: 'ok', detail: 'kept-from-session', ...keyDetails(view) });
      }
      return statusOf(services);
    },
    'vault.unlock': async ({ passphrase }) => {
      await audited(audit, 'vault.unlocked', () => vault.unlock(passphrase));
      return statusOf(services);
    },
    'vault.lock': async () => {
      // Audited before the lock ends the session the entry belongs to.
      if (await session.current()) await audit.write({ action: 'vault.locked', outcome: 'ok', detail: 'manual' });
      await vault.lock();
      return statusOf(services);
    },
    'vault.changePassphrase': async ({ current, next }) => {
      await audited(audit, 'vault.passphrase-changed', () => vault.changePassphrase(current, next));
      return statusOf(services);
    },
    'vault.wipe': async ({ passphrase }) => {
      // Audited once allowed, before the wipe ends the session the entry belongs to.
      let allowed = false;
      try {
        await changingKeys(() => vault.wipe(passphrase, async () => {
          allowed = true;
          await audit.write({ action: 'vault.wiped', outcome: 'ok' });
        }));
      } catch (error) {
        if (!allowed) await audit.write({ action: 'vault.wiped', outcome: 'error', errorClass: errorClassOf(error) });
        throw error;
      }
      return statusOf(services);
    },
    'vault.export': async ({ passphrase }) => {
      assertExportAllowed(await policy.inForce());
      return acting(() => audited(audit, 'vault.exported', () => vault.withPassphrase(passphrase, () => exportBackup(backupDeps))));
    },
    'vault.import': ({ content, passphrase }) =>
      acting(() => changingKeys(() => audited(audit, 'vault.imported', () => importBackup(backupDeps, content, passphrase)))),
    // The auto-lock in force: within the organisation's longest, when a policy sets one.
    'settings.get': async () => {
      const [settings, rules] = await Promise.all([readSettings(), policy.inForce()]);
      return { ...settings, autoLock: effectiveAutoLock(rules, settings.autoLock) };
    },
    'settings.update': async ({ passphrase, ...update }) => {
      const { autoLock } = update;
      const rules = await policy.inForce();
      if (autoLock !== undefined) assertAutoLockAllowed(rules, autoLock);
      const before = effectiveAutoLock(rules, (await readSettings()).autoLock);
      // Keeping the vault unlocked longer needs the passphrase (no vault: nothing to keep unlocked).
      const settings = autoLock === undefined || autoLock === before ? await writeSettings(update) : await audited(
        audit,
        'vault.auto-lock-changed',
        async () => {
          if (loosensAutoLock(before, autoLock) && (await vault.state()) !== 'absent') await vault.verifyPassphrase(passphrase);
          return writeSettings(update);
        },
        () => ({ detail: String(autoLock) }),
      );
      await Promise.all([session.reschedule(), services.sessionKeys.reschedule()]);
      return { ...settings, autoLock: effectiveAutoLock(rules, settings.autoLock) };
    },
    'policy.get': () => policy.current(),
    'keys.list': async () => ({ keys: await listKeys(services) }),
    'keys.add': async (input) => {
      const rules = await policy.inForce();
      assertKeyAllowed(rules, input.provider, normalizeSettings(input.provider, input.settings));
      return acting(() =>
        changingKeys(() =>
          audited(
            audit,
            'key.added',
            () => {
              if (input.sessionOnly && !sessionKeysAllowed(rules)) throw new AppError('PERMISSION_DENIED', phrase('error_sessionKeysNotAllowed'));
              return keys.add(input);
            },
            (view) => ({ provider: input.provider, keyLabel: view?.label ?? input.label, ...(input.sessionOnly ? { detail: 'session-only' } : {}) }),
          ),
        ),
      );
    },
    'keys.keep': ({ id }) =>
      acting(() => changingKeys(async () => {
        const [view] = await audited(audit, 'key.added', () => keys.keepSessionKeys([id]), (kept) => ({ detail: 'kept-from-session', ...keyDetails(kept?.[0]) }));
        if (!view) throw new AppError('NOT_FOUND', phrase('error_keyGone'));
        return view;
      })),
    'keys.update': async (input) => {
      // New settings move the key: to a server the policy allows only.
      if (input.settings) {
        const { provider } = await keys.destination(input.id);
        assertKeyAllowed(await policy.inForce(), provider, normalizeSettings(provider, input.settings));
      }
      return acting(() => changingKeys(() => audited(audit, 'key.updated', () => keys.update(input), keyDetails)));
    },
    'keys.rotate': (input) => acting(() => audited(audit, 'key.rotated', () => keys.rotate(input), keyDetails)),
    'keys.delete': ({ id }) => acting(() => changingKeys(async () => ({ id: (await audited(audit, 'key.deleted', () => keys.delete(id), keyDetails)).id }))),
    'keys.test': (input) => acting(() => testKey(services, input)),
    'models.list': ({ keyId }) => acting(() => listModels(services, keyId)),
    'local.discover': () => findLocalServers(services),
    // The settings in force: the organisation's caps among the user's, its audit floor applied.
    'spendSettings.get': () => services.spend.settings(),
    'spendSettings.update': async (update) => {
      const auditDays = update.retention?.auditDays;
      assertAuditKept(await policy.inForce(), auditDays === undefined ? {} : { auditDays });
      await writeSpendSettings(update);
      await services.spend.maintain();
      return services.spend.settings();
    },
    'budget.status': async () => ({ caps: await budgets.overview() }),
    'budget.override': async ({ capId }) => {
      assertOverrideAllowed(capId);
      return acting(() => budgets.override(capId));
    },
    'usage.deleteAll': async ({ includeAudit }) => {
      assertAuditKept(await policy.inForce(), { deleteAudit: includeAudit });
      await services.spend.deleteAll(includeAudit);
      return { deleted: true };
    },
    'chat.answer': async ({ id }) => {
      await services.ready();
      return (await services.chatDb.messages.get(id)) ?? null;
    },
    'page.openPanel': (request, context) => openPanelFromToolbar(request, context),
    'page.takePendingAction': (request) => takePendingAction(request),
    'page.toolbarState': (_request, context) => toolbarStateFor(context.url),
    // Issue 19, part wip-embed.
    'knowledge.embed': (request) => embedTexts(services, request),
    'knowledge.models': () => embeddingModels(services),
    // Issue 19, indexing with no page open (wip-bgindex).
    'knowledge.indexInBackground': async () => ({ woken: await wakeHiddenIndexer('all').catch(() => false) }),
  };
}
