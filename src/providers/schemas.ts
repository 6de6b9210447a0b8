import { PhraseSchema } from '@/src/shared/i18n/phrase-schema';
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { PROVIDER_IDS } from '@/src/providers/definitions';

/** The providers' own models: which provider, the secret and settings a key carries, and what a connection test or model listing returns. */

const shortText = (max: number) => z.string().check(z.maxLength(max));
const secretText = lazySchema(() => z.string().check(z.maxLength(8192)));

export const ProviderIdSchema = lazySchema(() => z.enum(PROVIDER_IDS));

export const SecretInput = lazySchema(() =>
  z.strictObject({
    apiKey: z.optional(secretText),
    accessKeyId: z.optional(secretText),
    secretAccessKey: z.optional(secretText),
    sessionToken: z.optional(secretText),
  }),
);
export type SecretInput = z.infer<typeof SecretInput>;

export const ProviderSettings = lazySchema(() =>
  z.strictObject({
    baseUrl: z.optional(shortText(2048)),
    azureResource: z.optional(shortText(256)),
    azureDeployment: z.optional(shortText(256)),
    azureApiVersion: z.optional(shortText(64)),
    region: z.optional(shortText(64)),
    vertexProject: z.optional(shortText(256)),
    vertexLocation: z.optional(shortText(64)),
    bedrockAuth: z.optional(z.enum(['sigv4', 'api-key'])),
    /**
     * The user confirmed sending this key over plain http to a computer other than this one. Without
     * it the transport refuses such a base URL. A string like every setting, so the vault binds it
     * into the key's associated data.
     */
    allowInsecureHttp: z.optional(z.literal('yes')),
  }),
);
export type ProviderSettings = z.infer<typeof ProviderSettings>;

export const ConnectionTest = lazySchema(() =>
  z.object({
    result: z.enum(['works', 'key-rejected', 'no-permission', 'not-reachable', 'origin-refused', 'not-allowed', 'unknown']),
    /** What happened and what to fix, as a phrase the page renders. */
    phrase: PhraseSchema,
    models: z.optional(z.number()),
    /** For a local server that did not answer: what to try, in order (src/local-servers/doctor.ts). */
    fixes: z.optional(z.array(PhraseSchema)),
  }),
);
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const ModelSummary = lazySchema(() =>
  z.object({
    id: z.string(),
    displayName: z.optional(z.string()),
    contextWindow: z.optional(z.number()),
  }),
);
export type ModelSummary = z.infer<typeof ModelSummary>;
