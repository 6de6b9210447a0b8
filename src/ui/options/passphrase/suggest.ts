import { assessPassphrase, MIN_SCORE } from './strength';

/** Six words from 2,048: 66 bits, far beyond any guessing budget once each guess costs an Argon2id derivation. */
export const SUGGESTED_WORDS = 6;

/**
 * A random passphrase of common English words, drawn with crypto.getRandomValues. The list is
 * BIP39's English one (2,048 short, distinct, unambiguous words, from @scure/bip39, audited), loaded
 * only when asked for. 2,048 divides 65,536, so masking a random 16-bit value keeps every word
 * equally likely. Drawn again in the (vanishingly rare) case that the strength rules refuse it.
 */
export async function suggestPassphrase(): Promise<string> {
  const { wordlist } = await import('@scure/bip39/wordlists/english.js');
  for (;;) {
    const picks = crypto.getRandomValues(new Uint16Array(SUGGESTED_WORDS));
    const suggestion = Array.from(picks, (pick) => wordlist[pick & (wordlist.length - 1)] as string).join(' ');
    picks.fill(0);
    if ((await assessPassphrase(suggestion)).score >= MIN_SCORE) return suggestion;
  }
}
