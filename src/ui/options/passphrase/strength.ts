import { renderPhrase } from '@/src/shared/i18n/text';
import { PASSPHRASE_REFUSAL_MESSAGES, passphraseRefusal, type PassphraseStrength } from '@/src/vault/passphrase-policy';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** What the UI may keep about a passphrase: never the passphrase itself. */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | undefined;
  suggestions: string[];
}

/** zxcvbn scores 0–4; 3 means "safely unguessable" (about 10^10 guesses), the least we accept. */
export const MIN_SCORE: PassphraseStrength = 3;

type Estimator = typeof import('./zxcvbn-estimator');
let loading: Promise<Estimator> | undefined;

/** Loads the estimator and its dictionaries once, on the first keystroke or submit. */
export function loadEstimator(): Promise<Estimator> {
  loading ??= import('./zxcvbn-estimator').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * zxcvbn's verdict, capped below MIN_SCORE when the worker's own rule (src/vault/passphrase-policy.ts)
 * would refuse the passphrase: the page is never more lenient than the worker, so a passphrase
 * the meter calls strong is never turned down after submit.
 */
export async function assessPassphrase(passphrase: string, minScore: PassphraseStrength = MIN_SCORE): Promise<Strength> {
  const strength = (await loadEstimator()).estimate(passphrase);
  // When zxcvbn already refuses it, its own advice is the more specific.
  if (strength.score < MIN_SCORE) return strength;
  const refusal = passphraseRefusal(passphrase, minScore);
  if (!refusal) return strength;
  return {
    score: Math.min(strength.score, MIN_SCORE - 1) as Strength['score'],
    warning: renderPhrase(PASSPHRASE_REFUSAL_MESSAGES[refusal]),
    suggestions: strength.suggestions,
  };
}

/** zxcvbn's own explanation of why a passphrase is weak, in one sentence or two. */
export function weakReason(strength: Strength): string {
  const parts = [strength.warning, ...strength.suggestions].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' ') : optionsStrings.passphrase.weakGeneric;
}

/**
 * Checks a new passphrase and its confirmation. Returns the reason to refuse it and the field to
 * fix, or undefined when it is acceptable. The strength is computed afresh, never taken from the meter.
 */
export async function refuseNewPassphrase(
  passphrase: string,
  confirmation: string,
  /** The weakest allowed: MIN_SCORE, or 4 when the organisation's policy asks for it (src/policy). */
  minScore: PassphraseStrength = MIN_SCORE,
): Promise<{ field: 'passphrase' | 'confirm'; message: string } | undefined> {
  if (!passphrase) return { field: 'passphrase', message: optionsStrings.passphrase.required };
  const strength = await assessPassphrase(passphrase, minScore);
  if (strength.score < minScore) return { field: 'passphrase', message: optionsStrings.passphrase.weak(weakReason(strength)) };
  if (passphrase !== confirmation) return { field: 'confirm', message: optionsStrings.passphrase.mismatch };
  return undefined;
}
