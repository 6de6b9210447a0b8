import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

/**
 * The protocol's own building blocks. Every domain model lives in its domain (vault, settings,
 * budget, usage, providers, chat, page) and the protocol imports it from there.
 */

export const RecordId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));
export const Empty = lazySchema(() => z.strictObject({}));
