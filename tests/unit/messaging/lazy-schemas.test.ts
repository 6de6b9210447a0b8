import { describe, expect, test, vi } from 'vitest';

/**
 * The worker builds a message's schemas on that message's first use, not at start (issue 13: its
 * cold wake). Every use of a `z.*` builder is recorded with the module that made it, so a schema
 * turned back into a module-level constant in the protocol or a domain's schemas.ts fails here.
 */
const built: string[] = [];
const WATCHED = /\/src\/(messaging\/[\w-]+|vault\/schemas|vault\/format|vault\/backup|settings\/schemas|budget\/schemas|usage\/schemas|providers\/schemas|providers\/request|chat\/answer-record|chat\/port-protocol|page\/pending-action)\.ts/;

vi.mock('zod/mini', async (importOriginal) => {
  const real = await importOriginal<typeof import('zod/mini')>();
  const z = new Proxy(real.z, {
    get(target, property) {
      // The innermost of our modules on the stack is the one building (its importers may be below it).
      const caller = new Error().stack?.split('\n').slice(2).find((line) => /\/src\/.*\.tsx?/.test(line) && !line.includes('/node_modules/'));
      if (caller && WATCHED.test(caller)) built.push(`${String(property)} in ${WATCHED.exec(caller)?.[1] ?? '?'}`);
      return Reflect.get(target, property);
    },
  });
  return { ...real, z };
});

describe('lazy schemas', () => {
  test('loading the protocol builds no schema; a message builds its own on first use, once', async () => {
    const { protocol, Envelope } = await import('@/src/messaging/protocol');
    await import('@/src/vault/format');
    await import('@/src/vault/backup');
    await import('@/src/providers/request');
    // The chat port's messages too: a wake by a runtime message does not build them.
    const { ClientMessage } = await import('@/src/chat/port-protocol');
    expect(built).toEqual([]);

    expect(protocol['vault.status'].response.safeParse({ state: 'locked', autoLock: 15 }).success).toBe(true);
    expect(built.some((entry) => entry.endsWith('in vault/schemas'))).toBe(true);
    expect(built.some((entry) => entry.endsWith('in settings/schemas'))).toBe(true);
    // Nothing of the messages not used yet.
    expect(built.filter((entry) => /budget|usage|providers/.test(entry))).toEqual([]);

    const count = built.length;
    expect(protocol['vault.status'].response.safeParse({ state: 'nope', autoLock: 15 }).success).toBe(false);
    expect(Envelope.safeParse({ channel: 'keyward', type: 'vault.status', payload: {} }).success).toBe(true);
    const afterEnvelope = built.length;
    expect(afterEnvelope).toBeGreaterThan(count);
    expect(Envelope.safeParse({ channel: 'other', type: 'vault.status', payload: {} }).success).toBe(false);
    expect(protocol['vault.status'].response.safeParse({ state: 'unlocked', autoLock: 'browser-close' }).success).toBe(true);
    expect(built.length).toBe(afterEnvelope);

    expect(ClientMessage.safeParse({ type: 'attach', requestId: 'request-1' }).success).toBe(true);
    expect(built.some((entry) => entry.endsWith('in chat/port-protocol'))).toBe(true);
  });
});

describe('lazySchema', () => {
  test('builds on the first read, once, and is the schema in every way a caller uses', async () => {
    const { lazySchema } = await import('@/src/shared/lazy-schema');
    const { z } = await import('zod/mini');
    const build = vi.fn(() => z.strictObject({ n: z.int().check(z.gte(1)) }));
    const schema = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema.safeParse({ n: 2 }).success).toBe(true);
    expect(schema.safeParse({ n: 0 }).success).toBe(false);
    expect(schema.safeParse({ n: 2, extra: true }).success).toBe(false);
    expect(Object.keys(schema.shape)).toEqual(['n']);
    expect(schema instanceof z.ZodMiniObject).toBe(true);
    // Inside other schemas, as the domains use them.
    const outer = z.object({ inner: schema, list: z.array(schema), maybe: z.optional(schema) });
    expect(outer.safeParse({ inner: { n: 1 }, list: [{ n: 3 }] }).success).toBe(true);
    expect(outer.safeParse({ inner: { n: 1 }, list: [{ n: -1 }] }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
    // A write cannot swap what the schema does: every read goes to the real schema.
    Object.assign(schema, { safeParse: () => ({ success: true }) });
    expect(schema.safeParse({ n: 0 }).success).toBe(false);
  });
});
