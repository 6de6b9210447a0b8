import { extensionIdentity, onBrowserStart, onInstallOrBrowserStart } from '@/src/platform/runtime';
import { onPortConnect, onRuntimeMessage } from '@/src/platform/messaging';
import { onAlarm } from '@/src/platform/alarms';
import { onPermissionsChanged } from '@/src/platform/permissions';
import { createRouter } from '@/src/messaging/router';
import { AUTO_LOCK_ALARM } from '@/src/session/unlocked-session';
import { SESSION_KEYS_ALARM } from '@/src/session/session-keys';
import { createHandlers } from './handlers';
import { restrictLocalStore } from '@/src/platform/local-store';
import { startToolbarScript } from '@/src/page/toolbar-script';
import { createServices } from './services';
import { handleChatPort } from './chat-port';
import { handlePullPort } from './local-servers';
import { PULL_PORT_NAME } from '@/src/local-servers/schemas';
import { startContextMenus } from './context-menu';
import { startFirstRun } from './first-run';
import { MAINTENANCE_ALARM } from '@/src/usage/spend-services';
import { closeIdleModelHost, MODEL_HOST_IDLE_ALARM, wakeHiddenIndexer } from '@/src/local-model/host-client';
import { indexingLeftRunning } from '@/src/knowledge/indexer-start';

/** How long a wake that brought no message waits before its housekeeping. */
export const HOUSEKEEPING_DELAY_MS = 1000;

/**
 * Wires the background: everything here is registered synchronously at the top level, because
 * Chrome only delivers the event that woke a stopped worker to listeners added in its first turn.
 */
export function startBackground(): void {
  // First: close storage.local to content scripts before anything reads what the worker trusts.
  void restrictLocalStore().catch((error: unknown) => console.error('Keyward: could not close storage.local to content scripts.', error));
  const self = extensionIdentity();
  const services = createServices({ extensionOrigin: self.origin });
  const route = createRouter(createHandlers(services), self);

  // Housekeeping after a previous worker: answers it left streaming are marked interrupted, epoch
  // key files a crash left behind (a rekey or a wipe cut short after its commit) are removed. It
  // opens the history and usage databases and the private file system, so it waits for the first
  // reply, or a second when no message woke the worker: the wake's answer does not queue behind it.
  let housekeeping: ReturnType<typeof setTimeout> | undefined = setTimeout(() => houseKeep(), HOUSEKEEPING_DELAY_MS);
  const houseKeep = () => {
    if (housekeeping === undefined) return;
    clearTimeout(housekeeping);
    housekeeping = undefined;
    void services.ready();
    void services.localOrigins.ready();
    void services.vault.sweepEpochs().catch(() => console.warn('Keyward: the vault epoch keys could not be checked.'));
  };

  onRuntimeMessage(async (message, sender) => {
    const reply = await route(message, sender);
    // A task, not a microtask: the reply goes out first.
    setTimeout(houseKeep, 0);
    return reply;
  });
  onPortConnect((port) => (port.name === PULL_PORT_NAME ? handlePullPort(port, services, self) : handleChatPort(port, services, self)));
  // The local servers' Origin rules: rebuilt at every worker start (a browser restart or an update
  // empties session rules) with the housekeeping, before any call to a local server (chat port,
  // connection test, model list: each awaits it), and whenever the user grants or removes host access.
  onPermissionsChanged(() => void services.localOrigins.sync().catch(() => undefined));
  startContextMenus();
  startToolbarScript();
  startFirstRun();

  onAlarm((alarm) => {
    // Reading the session checks the deadline and locks if it has passed.
    if (alarm.name === AUTO_LOCK_ALARM) void services.session.current();
    // The session-only keys' own deadline: with no vault, nothing else would end them.
    if (alarm.name === SESSION_KEYS_ALARM) void services.sessionKeys.expireIfDue();
    if (alarm.name === MAINTENANCE_ALARM) void services.spend.maintain();
    // The in-browser model's page had no question for a while: its memory goes back.
    if (alarm.name === MODEL_HOST_IDLE_ALARM) void closeIdleModelHost();
  });
  // Retention and the budget badge: at browser start and install/update, then daily by the alarm.
  const maintain = () => void services.spend.maintain().catch((error: unknown) => console.warn('Keyward: usage maintenance failed.', error));
  onInstallOrBrowserStart(maintain);

  // storage.session is already empty after a browser restart; this also drops a stale alarm.
  onBrowserStart(() => void services.vault.lock());
  // Indexing left running when the browser closed goes on in the hidden page, as far as it can with the vault locked.
  onInstallOrBrowserStart(() => void indexingLeftRunning().then((left) => left && wakeHiddenIndexer('keyless')).catch(() => undefined));
}
