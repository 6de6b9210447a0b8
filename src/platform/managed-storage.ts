import { browser } from './browser';

/**
 * `storage.managed`: what an administrator set for the extension (Chrome: the `3rdparty` policy
 * checked against public/managed-schema.json; Firefox: `3rdparty` → `extensions` → our id in
 * policies.json). Read only for the extension; src/policy owns what it means.
 */

/**
 * Everything the administrator set, or undefined when nothing is set. Firefox rejects the read when
 * no policy names the extension ("Managed storage manifest not found"); Chrome answers `{}`.
 * Both read as "no policy": an error here must not lock a user out of an unmanaged browser.
 */
export async function readManagedStorage(): Promise<Record<string, unknown> | undefined> {
  let items: Record<string, unknown>;
  try {
    items = await browser.storage.managed.get(null);
  } catch {
    return undefined;
  }
  return items && Object.keys(items).length > 0 ? items : undefined;
}

/** Calls `listener` when the administrator's policy changes while the browser runs. Returns the unsubscribe. */
export function onManagedStorageChanged(listener: () => void): () => void {
  const onChanged = (_changes: unknown, area: string) => {
    if (area === 'managed') listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
