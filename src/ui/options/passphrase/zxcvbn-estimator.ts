/**
 * The zxcvbn-ts estimator with the common and English dictionaries. Its dictionaries weigh
 * about a megabyte, so this module is only ever loaded with import() from ./strength.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import type { Strength } from './strength';

const factory = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
  useLevenshteinDistance: true,
});

/** Words specific to this product that make a passphrase easier to guess. */
const USER_INPUTS = ['keyward', 'keyward vault', 'byok'];

/**
 * zxcvbn keeps the last password it checked (and its matches, slices of it) in long-lived scoring
 * objects, its repeat matcher's included. Checking this throwaway string right after overwrites
 * them, so the page's heap does not keep the passphrase until the next check.
 */
const SCRUB = 'aaaa';

/** Only the score and the advice leave this function; zxcvbn's result also echoes the passphrase. */
export function estimate(passphrase: string): Strength {
  const result = factory.check(passphrase, USER_INPUTS);
  const strength: Strength = {
    score: result.score,
    warning: result.feedback.warning ?? undefined,
    suggestions: [...result.feedback.suggestions],
  };
  factory.check(SCRUB);
  return strength;
}
