import { extensionIdentity, onBrowserStart, onInstallOrBrowserStart } from '@/src/platform/runtime';
import { onPortConnect, onRuntimeMessage } from '@/src/platform/messaging';
import { onAlarm } from '@/src/platform/alarms';
import { createRouter } from '@/src/messaging/router';
import { AUTO_LOCK_ALARM } from '@/src/session/unlocked-session';
import { createHandlers } from './handlers';
import { restrictLocalStore } from '@/src/platform/local-store';
import { startToolbarScript } from '@/src/page/toolbar-script';
import { createServices } from './services';
import { handleChatPort } from './chat-port';
import { startContextMenus } from './context-menu';
import { MAINTENANCE_ALARM } from '@/src/usage/spend-services';

/**
 * Wires the background: everything here is registered synchronously at the top level, because
 * Chrome only delivers the event that woke a stopped worker to listeners added in its first turn.
 */
export function startBackground(): void {
  // First: close storage.local to content scripts before anything reads what the worker trusts.
  void restrictLocalStore().catch((error: unknown) => console.error('Keyward: could not close storage.local to content scripts.', error));
  const self = extensionIdentity();
  const services = createServices({ extensionId: self.id });
  const route = createRouter(createHandlers(services), self);

  onRuntimeMessage((message, sender) => route(message, sender));
  onPortConnect((port) => handleChatPort(port, services, self));
  startContextMenus();
  startToolbarScript();

  onAlarm((alarm) => {
    // Reading the session checks the deadline and locks if it has passed.
    if (alarm.name === AUTO_LOCK_ALARM) void services.session.current();
    if (alarm.name === MAINTENANCE_ALARM) void services.spend.maintain();
  });
  // Retention and the budget badge: at browser start and install/update, then daily by the alarm.
  const maintain = () => void services.spend.maintain().catch((error: unknown) => console.warn('Keyward: usage maintenance failed.', error));
  onInstallOrBrowserStart(maintain);

  // Epoch key files a crash left behind (a rekey or a wipe cut short after its commit).
  void services.vault.sweepEpochs().catch(() => console.warn('Keyward: the vault epoch keys could not be checked.'));

  // storage.session is already empty after a browser restart; this also drops a stale alarm.
  onBrowserStart(() => void services.vault.lock());
}
