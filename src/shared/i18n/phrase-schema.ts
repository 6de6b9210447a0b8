import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import type { Phrase } from './text';

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
    params.every((param) => (typeof param === 'string' ? param.length <= 10_000 : isPhrase(param, depth + 1)))
  );
}

export const PhraseSchema = lazySchema(() => z.custom<Phrase>((value) => isPhrase(value)));
