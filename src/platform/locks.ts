/**
 * Exclusive locks across every page and worker of the extension (the Web Locks API, in Chrome and
 * Firefox): `work` runs once the lock is free, queued behind earlier requests; the browser
 * releases it when `work` settles or its page closes, and the next page in the queue gets it.
 * Where the API is missing (unit tests in Node), requests in this context queue on each other.
 */
const local = new Map<string, Promise<unknown>>();
/** Where the API is missing: requests of this context not settled yet (held or waiting), by name. */
const outstanding = new Map<string, number>();

function lockManager(): LockManager | undefined {
  return (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
}

export function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = lockManager();
  if (locks) return locks.request(name, { mode: 'exclusive' }, work) as Promise<T>;
  outstanding.set(name, (outstanding.get(name) ?? 0) + 1);
  const previous = local.get(name) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(work)
    .finally(() => {
      const left = (outstanding.get(name) ?? 1) - 1;
      if (left > 0) outstanding.set(name, left);
      else outstanding.delete(name);
    });
  local.set(name, next);
  return next;
}

/**
 * Whether any context of the extension holds or waits for a lock whose name `matches`
 * (`navigator.locks.query()`, which service workers have too). Where the API is missing, this
 * context's own requests.
 */
export async function lockInUse(matches: (name: string) => boolean): Promise<boolean> {
  const locks = lockManager();
  if (!locks) return [...outstanding.keys()].some(matches);
  const { held = [], pending = [] } = await locks.query();
  return [...held, ...pending].some((lock) => lock.name !== undefined && matches(lock.name));
}
