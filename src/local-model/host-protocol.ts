/**
 * The port between the worker and the page that holds the in-browser model (Chrome's offscreen
 * document). The worker opens it (`MODEL_HOST_PORT`), sends one `generate` and maybe a `stop`; the
 * page answers with tokens, then `done` or `error`, and closes. An `embed` is answered by `vectors`
 * (or `error`). Each side validates what it
 * receives; the page also checks that the port was opened by the extension's own worker. What the
 * page receives is in host-request.ts (kept out of the worker's bundle); what it sends is here.
 */
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

export const MODEL_HOST_PORT = 'keyward.model-host';
/** The page that holds the model (entrypoints/model-host). */
export const MODEL_HOST_PAGE = '/model-host.html';
/** The host's page is closed after this long without a question, to give its memory back. */
export const MODEL_HOST_IDLE_MS = 5 * 60_000;

/** Why the model could not answer. */
export const HOST_ERROR_CODES = ['not-downloaded', 'damaged', 'out-of-memory', 'failed'] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export const HostReply = lazySchema(() =>
  z.discriminatedUnion('type', [
    /** The runtime the model runs on: WebGPU where the browser has it, WebAssembly otherwise. */
    z.strictObject({ type: z.literal('ready'), device: z.enum(['webgpu', 'wasm']), loadMs: z.number() }),
    z.strictObject({ type: z.literal('token'), text: z.string().check(z.maxLength(100_000)) }),
    z.strictObject({
      type: z.literal('done'),
      inputTokens: z.int().check(z.gte(0)),
      outputTokens: z.int().check(z.gte(0)),
      reason: z.enum(['stop', 'length']),
    }),
    z.strictObject({ type: z.literal('error'), code: z.enum(HOST_ERROR_CODES) }),
    z.strictObject({ type: z.literal('memory'), jsHeapBytes: z.number(), modelBytes: z.number(), device: z.optional(z.enum(['webgpu', 'wasm'])) }),
    /** An `embed` answered: one mean-pooled, normalised vector per text, and the tokens the model read. */
    z.strictObject({ type: z.literal('vectors'), vectors: z.array(z.array(z.number())), inputTokens: z.int().check(z.gte(0)) }),
  ]),
);
export type HostReply = z.infer<typeof HostReply>;
