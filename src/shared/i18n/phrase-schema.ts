import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import type { Phrase, PhraseValue } from './text';

/**
 * A phrase as it arrives from another context or from disk: a message name and at most nine
 * substitutions, each bounded words or a phrase, a few levels deep. An unknown name renders as the
 * generic error (renderPhrase), so only the shape is checked here.
 */
export function isPhrase(value: unknown, depth = 0): value is Phrase {
  if (typeof value !== 'object' || value === null || depth > 3) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  return (
    typeof key === 'string' &&
    /^[A-Za-z0-9_]{1,100}$/.test(key) &&
    Array.isArray(params) &&
    params.length <= 9 &&
    params.every((param) => (typeof param === 'string' ? param.length <= 10_000 : isPhraseValue(param) || isPhrase(param, depth + 1)))
  );
}

/** A number the page writes inside a phrase (text.ts PhraseValue): exactly one finite number of a known kind. */
function isPhraseValue(value: unknown): value is PhraseValue {
  if (typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value);
  const finite = (number: unknown) => typeof number === 'number' && Number.isFinite(number);
  if (entries.length === 1) return ['usd', 'share', 'moment'].includes(entries[0]![0]) && finite(entries[0]![1]);
  return entries.length === 2 && finite((value as { usd?: unknown }).usd) && finite((value as { pairedWith?: unknown }).pairedWith);
}

export const PhraseSchema = lazySchema(() => z.custom<Phrase>((value) => isPhrase(value)));
