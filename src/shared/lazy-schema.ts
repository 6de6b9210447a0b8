/**
 * Zod schemas built on first use instead of at module load. The worker wakes cold many times a
 * day and used to build every schema of every message before it could answer the first one
 * (issue 13); most wakes need two or three of them.
 *
 * `lazySchema(() => z.object(…))` has the schema's own type and behaves as that schema: every
 * property (`safeParse`, `shape`, `_zod`…) is read from the real schema, built once on the first
 * read. Validation is the real schema's, unchanged; only the moment it is built moves. Writing to
 * it changes nothing the schema reads (every read goes to the real schema), so nothing can swap a
 * method of a shared schema through it.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_target, property) => Reflect.get(real(), property),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
