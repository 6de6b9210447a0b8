/**
 * What the embedding adapters share (issue 19): reading a vector out of an answer, usage from the
 * provider's count or a guess at four characters a token, and the batching some providers need.
 * Each adapter's `embed` keeps its own URL, body and response shape next to its chat code.
 */
import { badResponse, type ErrorContext } from '@/src/providers/errors';
import { asArray } from '@/src/providers/json';
import { estimatedUsage, reportedUsage } from '@/src/providers/usage';
import type { EmbedResult, Usage } from '@/src/providers/types';

/** A list of numbers from an answer, or a bad response: never a vector with holes in it. */
export function vectorOf(value: unknown, ctx: ErrorContext): number[] {
  const list = asArray(value);
  if (list.length === 0 || !list.every((item) => typeof item === 'number')) throw badResponse(ctx, 200);
  return list as number[];
}

/** The provider's input token count when it reported one, else the estimate over the texts. */
export function embedUsage(reported: number | undefined, texts: readonly string[]): Usage {
  return reported === undefined ? estimatedUsage(texts.reduce((sum, text) => sum + text.length, 0), 0) : reportedUsage({ inputTokens: reported });
}

/**
 * Runs `embedPart` over `texts` cut into parts of `size`, `parallel` at a time, and joins the results
 * in order (Cohere takes 96 texts a request, Titan and Gemini on Vertex one). Usage adds up; it is an
 * estimate if any part's was.
 */
export async function embedInParts(texts: readonly string[], size: number, parallel: number, embedPart: (part: string[]) => Promise<EmbedResult>): Promise<EmbedResult> {
  const parts: string[][] = [];
  for (let start = 0; start < texts.length; start += size) parts.push(texts.slice(start, start + size));
  const results: EmbedResult[] = [];
  for (let start = 0; start < parts.length; start += parallel) results.push(...(await Promise.all(parts.slice(start, start + parallel).map(embedPart))));
  return {
    vectors: results.flatMap((result) => result.vectors),
    usage: {
      inputTokens: results.reduce((sum, result) => sum + result.usage.inputTokens, 0),
      outputTokens: 0,
      cachedInputTokens: 0,
      reasoningTokens: 0,
      estimated: results.some((result) => result.usage.estimated),
    },
  };
}
