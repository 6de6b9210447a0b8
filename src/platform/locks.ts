/**
 * Exclusive locks across every page and worker of the extension (the Web Locks API, in Chrome and
 * Firefox): `work` runs once the lock is free, queued behind earlier requests; the browser
 * releases it when `work` settles or its page closes, and the next page in the queue gets it.
 * Where the API is missing (unit tests in Node), requests in this context queue on each other.
 */
const local = new Map<string, Promise<unknown>>();

export function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  if (locks) return locks.request(name, { mode: 'exclusive' }, work) as Promise<T>;
  const previous = local.get(name) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  local.set(name, next);
  return next;
}
