/**
 * The embedding messages' shapes (issue 19, part wip-embed): `knowledge.embed` and `knowledge.models`.
 * Vectors cross the message channel as base64 of little-endian Float32, L2-normalised: a quarter
 * of the size of a JSON number list, and decoded straight into a Float32Array by the page.
 */
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

/** Texts per `knowledge.embed` request; embed-client.ts cuts larger jobs into batches of this size. */
export const MAX_EMBED_TEXTS = 128;
/** Characters per text: about 8,000 tokens, the input limit of the smallest common embedding models. */
export const MAX_EMBED_CHARS = 32_000;

export const EMBED_PURPOSES = ['history', 'collection', 'query'] as const;
export type EmbedPurpose = (typeof EMBED_PURPOSES)[number];

/** Which model embeds: a saved key's (`keyId`) or the in-browser one (`keyId: null`). */
export const EmbeddingTarget = lazySchema(() =>
  z.strictObject({
    keyId: z.nullable(z.string().check(z.minLength(1), z.maxLength(64))),
    model: z.string().check(z.minLength(1), z.maxLength(256)),
  }),
);
export type EmbeddingTarget = z.infer<typeof EmbeddingTarget>;

export const EmbedRequest = lazySchema(() =>
  z.strictObject({
    target: EmbeddingTarget,
    texts: z.array(z.string().check(z.minLength(1), z.maxLength(MAX_EMBED_CHARS))).check(z.minLength(1), z.maxLength(MAX_EMBED_TEXTS)),
    purpose: z.enum(EMBED_PURPOSES),
  }),
);
export type EmbedRequest = z.infer<typeof EmbedRequest>;

export const EmbedResponse = lazySchema(() =>
  z.object({
    vectors: z.array(z.string()),
    dims: z.number(),
    inputTokens: z.number(),
    costUsd: z.nullable(z.number()),
  }),
);
export type EmbedResponse = z.infer<typeof EmbedResponse>;

export const EmbeddingModelOption = lazySchema(() =>
  z.object({
    target: z.object({ keyId: z.nullable(z.string()), model: z.string() }),
    label: z.string(),
    provider: z.string(),
    dims: z.nullable(z.number()),
    pricePer1MInputUsd: z.nullable(z.number()),
    local: z.boolean(),
  }),
);
export type EmbeddingModelOption = z.infer<typeof EmbeddingModelOption>;
