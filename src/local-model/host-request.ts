/** What the worker sends to the in-browser model's page (host-protocol.ts describes the port). */
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { HUB_REPO_ID } from './catalog';

export const HostRequest = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('generate'),
      model: z.string().check(z.regex(HUB_REPO_ID)),
      messages: z
        .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().check(z.maxLength(4_000_000)) }))
        .check(z.minLength(1), z.maxLength(10_000)),
      maxTokens: z.int().check(z.gte(1), z.lte(32_768)),
      temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
    }),
    z.strictObject({ type: z.literal('stop') }),
    /** Asks what the page holds in memory (the benchmark); answered by `memory`. */
    z.strictObject({ type: z.literal('memory') }),
    /** Embeds texts with an embedding model (issue 19): answered by `vectors`, or `error`. */
    z.strictObject({
      type: z.literal('embed'),
      model: z.string().check(z.regex(HUB_REPO_ID)),
      texts: z.array(z.string().check(z.minLength(1), z.maxLength(32_000))).check(z.minLength(1), z.maxLength(128)),
    }),
  ]),
);
export type HostRequest = z.infer<typeof HostRequest>;
