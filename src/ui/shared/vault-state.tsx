import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { send } from '@/src/messaging/client';
import { onManagedStorageChanged } from '@/src/platform/managed-storage';
import type { MessageType, RequestOf, ResponseOf } from '@/src/messaging/protocol';
import type { KeyView, VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';

export type VaultCall = <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>;
export type VaultGone = 'VAULT_LOCKED' | 'VAULT_ABSENT';
type StatusUpdate = VaultStatus | undefined | ((current: VaultStatus | undefined) => VaultStatus | undefined);

interface Snapshot {
  status?: VaultStatus;
  error?: string;
  /** The key list, while the vault is unlocked and once someone asked for it. */
  keys?: KeyView[];
  keysError?: string;
}

/**
 * Whether there are keys to list and use: an unlocked vault, session-only keys (with no vault, or a
 * locked one), or, with no vault at all, the organisation's gateway. A locked vault with only the
 * gateway still asks for the passphrase first: the user's own keys come before the organisation's.
 */
export function keysUsable(status: VaultStatus | undefined): boolean {
  return status?.state === 'unlocked' || status?.sessionKeys !== undefined || (status?.state === 'absent' && status.orgGateway === true);
}

/** Which keys a list holds: the vault's when unlocked, how many session-only ones, and whether the gateway is among them. */
const keysScope = (status: VaultStatus | undefined) => `${status?.state === 'unlocked'}:${status?.sessionKeys?.count ?? 0}:${status?.orgGateway === true}`;

/** The user's own keys: the list without the organisation's gateway (which the options page shows in its policy panel, never as a key to change). */
function ownKeys(keys: readonly KeyView[]): KeyView[] {
  return keys.filter((key) => !key.organisation);
}

const messageOf = (caught: unknown) => (caught instanceof AppError ? caught.message : String(caught));
const isGone = (caught: unknown): caught is AppError & { code: VaultGone } =>
  caught instanceof AppError && (caught.code === 'VAULT_LOCKED' || caught.code === 'VAULT_ABSENT');

/**
 * The vault's state in one page: its status, its key list and whether it is locked. One store per
 * page (made by VaultProvider), so the header, the chat, the model picker and the side panel's
 * estimate read one copy, fetched once, and a lock seen by one of them is seen by all.
 */
function createVaultStore() {
  let snapshot: Snapshot = {};
  let statusAsked: Promise<unknown> | undefined;
  let keysAsked: Promise<void> | undefined;
  /** Bumped whenever the vault stops being unlocked, so a key list asked for before is not kept. */
  let keysGeneration = 0;
  const listeners = new Set<() => void>();
  const goneListeners = new Set<(code: VaultGone) => void>();

  function publish(next: Snapshot): void {
    const rescoped = keysScope(next.status) !== keysScope(snapshot.status);
    if ((!keysUsable(next.status) || rescoped) && (next.keys !== undefined || next.keysError !== undefined || keysAsked)) {
      // Locked or wiped (and no session-only key left): the key list goes with it, and a list still on its way is dropped.
      // Another set of keys (locked with session-only keys left, one added, kept or expired): listed again.
      delete next.keys;
      delete next.keysError;
      keysAsked = undefined;
      keysGeneration++;
    }
    snapshot = next;
    for (const listener of listeners) listener();
  }

  function setStatus(update: StatusUpdate): void {
    const status = typeof update === 'function' ? update(snapshot.status) : update;
    const next: Snapshot = { ...snapshot };
    if (status) next.status = status;
    else delete next.status;
    publish(next);
  }

  /** Asks the background for the status, publishes it, and returns it (rejects when it cannot be read, after publishing why). */
  function readStatus(): Promise<VaultStatus> {
    const asked = send('vault.status', {}).then(
      (status) => {
        const next: Snapshot = { ...snapshot, status };
        delete next.error;
        publish(next);
        return status;
      },
      (caught: unknown) => {
        publish({ ...snapshot, error: messageOf(caught) });
        throw caught;
      },
    );
    statusAsked = asked.catch(() => undefined);
    return asked;
  }

  function refresh(): Promise<void> {
    return readStatus().then(
      () => undefined,
      () => undefined,
    );
  }

  /** The vault was locked or wiped elsewhere (another page, auto-lock): say so at once, then ask. */
  function gone(code: VaultGone): void {
    // Session-only keys go with a lock too; a page with no vault stays on "no vault" (an expired session-only key says locked).
    setStatus((current) => {
      if (!current) return current;
      const { locksAt: _locksAt, sessionKeys: _sessionKeys, ...rest } = current;
      return { ...rest, state: code === 'VAULT_LOCKED' && current.state !== 'absent' ? 'locked' : 'absent' };
    });
    for (const listener of goneListeners) listener(code);
    void refresh();
  }

  const call: VaultCall = async (type, payload) => {
    try {
      return await send(type, payload);
    } catch (caught) {
      if (isGone(caught)) gone(caught.code);
      throw caught;
    }
  };

  function loadKeys(force = false): Promise<void> {
    if (!keysUsable(snapshot.status)) return Promise.resolve();
    if (keysAsked && !force) return keysAsked;
    const asked = keysGeneration;
    const loading = call('keys.list', {}).then(
      ({ keys }) => {
        if (asked !== keysGeneration) return;
        const next: Snapshot = { ...snapshot, keys };
        delete next.keysError;
        publish(next);
      },
      (caught: unknown) => {
        if (asked !== keysGeneration || isGone(caught)) return;
        publish({ ...snapshot, keysError: messageOf(caught) });
        // A failed list may be asked for again (the next unlock, or a reload).
        keysAsked = undefined;
      },
    );
    keysAsked = loading;
    return loading;
  }

  /** A change the page made and the background confirmed (a key added, renamed, deleted): no need to list again. */
  function updateKeys(change: (keys: KeyView[]) => KeyView[]): void {
    if (snapshot.keys) publish({ ...snapshot, keys: change(snapshot.keys) });
  }

  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };

  return {
    current: () => snapshot,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onGone(listener: (code: VaultGone) => void) {
      goneListeners.add(listener);
      return () => void goneListeners.delete(listener);
    },
    /** Asks for the status once per store (StrictMode's second mount reuses the first answer) and follows the page's visibility. */
    start() {
      if (!statusAsked) void refresh();
      document.addEventListener('visibilitychange', onVisible);
      // The organisation's policy changed (a gateway added or removed): the keys there are to use change with it.
      let stopWatching: () => void = () => undefined;
      try {
        stopWatching = onManagedStorageChanged(() => void refresh());
      } catch {
        // No storage events in this context: the next visibility change asks again.
      }
      return () => {
        document.removeEventListener('visibilitychange', onVisible);
        stopWatching();
      };
    },
    setStatus,
    refresh,
    readStatus,
    gone,
    call,
    loadKeys,
    updateKeys,
  };
}

type VaultStore = ReturnType<typeof createVaultStore>;

const VaultContext = createContext<VaultStore | undefined>(undefined);

/** The one owner of the vault's state in a page: each page's root renders it once. */
export function VaultProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createVaultStore);
  useEffect(() => store.start(), [store]);
  return <VaultContext.Provider value={store}>{children}</VaultContext.Provider>;
}

function useStore(): VaultStore {
  const store = useContext(VaultContext);
  if (!store) throw new Error('The vault state is read outside a VaultProvider: render the page inside one.');
  return store;
}

function useSnapshot(store: VaultStore): Snapshot {
  return useSyncExternalStore(store.subscribe, store.current);
}

/** The vault's state as the background reports it; `setStatus` after an answer that carries a new one (unlock, lock). */
export function useVaultStatus() {
  const store = useStore();
  const { status, error } = useSnapshot(store);
  return { status, error, setStatus: store.setStatus, refresh: store.refresh, readStatus: store.readStatus, gone: store.gone };
}

/**
 * The key list while there are keys to use: an unlocked vault, session-only keys, the organisation's
 * gateway (undefined until listed, and whenever there are none); `own` without the gateway, for
 * what manages keys (the options page). Listed once per page and set of keys, whoever asks; `reload` lists again, `update` applies
 * a change the background confirmed.
 */
export function useVaultKeys() {
  const store = useStore();
  const { status, keys, keysError } = useSnapshot(store);
  const scope = keysUsable(status) ? keysScope(status) : undefined;
  useEffect(() => {
    if (scope !== undefined) void store.loadKeys();
  }, [store, scope]);
  const own = useMemo(() => keys && ownKeys(keys), [keys]);
  return { keys, own, error: keysError, reload: () => store.loadKeys(true), update: store.updateKeys };
}

/**
 * A `send` for what needs the vault: a VAULT_LOCKED answer (locked elsewhere, or auto-lock) or
 * VAULT_ABSENT (wiped elsewhere) tells the whole page at once, so it drops every key list and
 * form and shows the unlock or setup screen again.
 */
export function useVaultCall(): VaultCall {
  return useStore().call;
}

/** Calls `listener` when a call finds the vault locked or wiped (the options page's notice). */
export function useVaultGone(listener: (code: VaultGone) => void): void {
  const store = useStore();
  useEffect(() => store.onGone(listener), [store, listener]);
}
