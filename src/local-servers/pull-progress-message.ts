import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { PhraseSchema } from '@/src/shared/i18n/phrase-schema';

/**
 * What the worker sends on the Ollama pull port (src/background/local-servers.ts), as the page
 * checks it. Apart from schemas.ts so that the worker, which only writes these, does not carry the schema.
 */
export const PullServerMessage = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('progress'), phase: z.enum(['starting', 'downloading', 'verifying', 'finishing']), completed: z.number(), total: z.number() }),
    z.strictObject({ type: z.literal('done') }),
    z.strictObject({ type: z.literal('cancelled') }),
    z.strictObject({ type: z.literal('error'), phrase: PhraseSchema }),
  ]),
);
export type PullServerMessage = z.infer<typeof PullServerMessage>;
