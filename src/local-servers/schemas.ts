import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { ProviderIdSchema } from '@/src/providers/schemas';
import { OLLAMA_MODEL_NAME } from './ollama-pull';

/** What "Find local servers" returns to the page (discovery.ts), and the Ollama pull port's messages. */

/** A server on this computer's loopback address, port included: the only place the page may point a scan or a pull. */
export const LoopbackOrigin = lazySchema(() => z.string().check(z.regex(/^http:\/\/127\.0\.0\.1:\d{1,5}$/)));

const FoundModel = lazySchema(() => z.object({ id: z.string().check(z.maxLength(300)), sizeBytes: z.optional(z.number()) }));

export const Discovery = lazySchema(() =>
  z.object({
    servers: z.array(
      z.object({
        port: z.number(),
        origin: LoopbackOrigin,
        provider: ProviderIdSchema,
        product: z.optional(z.string().check(z.maxLength(100))),
        baseUrl: z.string().check(z.maxLength(100)),
        api: z.enum(['ollama', 'openai', 'tgi']),
        models: z.array(FoundModel),
      }),
    ),
    notModelServers: z.array(z.object({ port: z.number(), origin: LoopbackOrigin })),
  }),
);
export type DiscoverySchema = z.infer<typeof Discovery>;

/** The port a page opens to pull an Ollama model: closing it cancels the pull. */
export const PULL_PORT_NAME = 'keyward.ollama-pull';

export const PullClientMessage = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('pull'), origin: LoopbackOrigin, model: z.string().check(z.regex(OLLAMA_MODEL_NAME)) }),
    z.strictObject({ type: z.literal('cancel') }),
  ]),
);
export type PullClientMessage = z.infer<typeof PullClientMessage>;
