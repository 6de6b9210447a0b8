import { phrase, type Phrase } from '@/src/shared/i18n/text';
/**
 * The least a new passphrase must be, checked in the worker (src/vault/vault.ts), where no page
 * can skip it. zxcvbn, which the options page uses, is 1.6 MB of dictionaries and stays out of the
 * worker; this is a few kilobytes: a length floor, a small list of the passwords and passphrases
 * tried first, and a rough count of what is left once runs, repeats and those words are taken
 * out. The page applies this same function on top of zxcvbn (src/ui/options/passphrase/strength.ts),
 * so a passphrase the page accepts is never refused here.
 */

export const MIN_PASSPHRASE_LENGTH = 12;
/** Estimated bits left after patterns and common words are removed (naive: length × log2 of the character classes used). */
export const MIN_PASSPHRASE_BITS = 40;
/**
 * The same estimate when an organisation asks for the top of zxcvbn's scale (policy
 * `minPassphraseStrength: 4`, src/policy): the page then also wants zxcvbn's 4, this is the
 * worker's own floor for it, so a page that skips the meter still cannot set a weaker one.
 */
export const STRONGEST_PASSPHRASE_BITS = 60;

/** zxcvbn's scale as Keyward uses it: 3 is the least accepted, 4 the most an organisation may ask for. */
export type PassphraseStrength = 3 | 4;
const MIN_DISTINCT_CHARACTERS = 5;

export type PassphraseRefusal = 'too-short' | 'too-repetitive' | 'too-common' | 'too-predictable';

/**
 * Passwords and passphrases at the top of every leaked-password list and cracking dictionary,
 * as their letters only (lower case, common digit-for-letter swaps undone). A passphrase whose
 * letters are one of these, or several of them in a row, is refused whatever digits or symbols
 * surround them ("Password123!", "iloveyou2024", "passw0rdpassw0rd").
 */
const COMMON = new Set([
  'password', 'passphrase', 'passwd', 'qwerty', 'qwertyuiop', 'asdfgh', 'asdfghjkl', 'zxcvbnm', 'azerty', 'qwertz',
  'iloveyou', 'letmein', 'welcome', 'admin', 'administrator', 'login', 'monkey', 'dragon', 'football', 'baseball',
  'soccer', 'hockey', 'basketball', 'sunshine', 'princess', 'shadow', 'master', 'superman', 'batman', 'trustno',
  'secret', 'mysecret', 'changeme', 'default', 'computer', 'internet', 'starwars', 'whatever', 'freedom', 'summer',
  'winter', 'spring', 'autumn', 'michael', 'jennifer', 'jordan', 'charlie', 'pokemon', 'cheese', 'chocolate',
  'flower', 'hello', 'helloworld', 'abcdef', 'qazwsx', 'passpass', 'access', 'mustang', 'killer', 'hunter',
  'ranger', 'buster', 'thomas', 'tigger', 'robert', 'harley', 'ginger', 'lovely', 'loveme', 'love', 'angel',
  'matrix', 'google', 'apple', 'samsung', 'keyward', 'openai', 'chatgpt', 'correcthorsebatterystaple',
  'correcthorse', 'batterystaple', 'opensesame', 'unlock', 'unlockme', 'mypassword', 'mypassphrase',
  'thisismypassword', 'thisismypassphrase', 'verysecure', 'supersecret', 'secure', 'security', 'private',
  'test', 'testing', 'demo', 'guest', 'user', 'root', 'toor',
]);

/** Keyboard rows and the alphabet, for runs typed along them ("qwerty", "asdf", "lkjh", "wxyz"). */
const RUNS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'azertyuiop', 'qwertzuiop', 'abcdefghijklmnopqrstuvwxyz', '01234567890'];
const MIN_RUN = 3;
const MAX_REPEAT_UNIT = 32;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'i' };

function lettersOnly(text: string): string {
  return text.replace(/[^a-z]/g, '');
}

/** Whether `letters` is one common word, or several in a row (a small word-break over COMMON). */
function madeOfCommonWords(letters: string): boolean {
  if (letters.length === 0) return false;
  const reachable = new Array<boolean>(letters.length + 1).fill(false);
  reachable[0] = true;
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - 32); start < end && !reachable[end]; start++) {
      if (reachable[start] && COMMON.has(letters.slice(start, end))) reachable[end] = true;
    }
  }
  return reachable[letters.length] === true;
}

/** Whether characters[start..start+length) is a run along RUNS, forwards or backwards. */
function isRun(characters: string[], start: number, length: number): boolean {
  const piece = characters.slice(start, start + length).join('');
  const reversed = [...piece].reverse().join('');
  return RUNS.some((run) => run.includes(piece) || run.includes(reversed));
}

/** Removes immediate repeats ("abcabcabc" → "abc", "aaaa" → "a") and keyboard or alphabet runs of 3 or more. */
function withoutPatterns(characters: string[]): string[] {
  const kept: string[] = [];
  let index = 0;
  while (index < characters.length) {
    let unit = 0;
    for (let size = Math.min(MAX_REPEAT_UNIT, Math.floor((characters.length - index) / 2)); size >= 1; size--) {
      let same = true;
      for (let offset = 0; offset < size && same; offset++) same = characters[index + offset] === characters[index + size + offset];
      if (same) {
        unit = size;
        break;
      }
    }
    if (unit > 0) {
      // Keep one copy of the unit and skip the copies that follow it.
      let next = index + unit;
      while (next + unit <= characters.length && characters.slice(next, next + unit).join('') === characters.slice(index, index + unit).join('')) next += unit;
      characters = [...characters.slice(0, index + unit), ...characters.slice(next)];
    }
    let run = 0;
    for (let length = MIN_RUN; index + length <= characters.length && isRun(characters, index, length); length++) run = length;
    if (run > 0) {
      index += run;
      continue;
    }
    kept.push(characters[index] as string);
    index++;
  }
  return kept;
}

/** Removes every occurrence of a common word (in its lower-case form). */
function withoutCommonWords(text: string): string {
  let result = text;
  const words = [...COMMON].sort((a, b) => b.length - a.length);
  for (const word of words) result = result.split(word).join('');
  return result;
}

/**
 * Naive estimate: length × log2 of the size of the character classes present, counted on the
 * lower-cased text (capitals are mostly the first letter, and add little).
 */
function estimatedBits(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/ /.test(text)) pool += 1;
  if (/[!-/:-@[-`{-~]/.test(text)) pool += 33;
  if (/[^\x20-\x7e]/u.test(text)) pool += 100;
  return pool === 0 ? 0 : [...text].length * Math.log2(pool);
}

/** Undefined when the passphrase is acceptable, else why not. Cheap: no dictionary beyond COMMON. */
export function passphraseRefusal(passphrase: string, strength: PassphraseStrength = 3): PassphraseRefusal | undefined {
  const characters = [...passphrase.normalize('NFC')];
  if (characters.length < MIN_PASSPHRASE_LENGTH) return 'too-short';
  if (new Set(characters.map((character) => character.toLowerCase())).size < MIN_DISTINCT_CHARACTERS) return 'too-repetitive';
  const lower = characters.join('').toLowerCase();
  // The letters as typed, with digit-for-letter swaps undone, and the same once the digits and
  // symbols around the word are cut off first ("P@ssw0rd2024!" → "p@ssw0rd" → "password").
  const deLeet = (text: string) => [...text].map((character) => LEET[character] ?? character).join('');
  const trimmed = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const cores = [lettersOnly(lower), lettersOnly(deLeet(lower)), lettersOnly(deLeet(trimmed))];
  if (cores.some(madeOfCommonWords)) return 'too-common';
  const rest = withoutCommonWords(withoutPatterns([...lower]).join(''));
  if (estimatedBits(rest) < (strength === 4 ? STRONGEST_PASSPHRASE_BITS : MIN_PASSPHRASE_BITS)) return 'too-predictable';
  return undefined;
}

/** Why a passphrase is refused, as the worker and the forms say it (src/shared/i18n). */
export const PASSPHRASE_REFUSAL_MESSAGES: Record<PassphraseRefusal, Phrase> = {
  'too-short': phrase('error_passphrase_tooShort', String(MIN_PASSPHRASE_LENGTH)),
  'too-repetitive': phrase('error_passphrase_tooRepetitive'),
  'too-common': phrase('error_passphrase_tooCommon'),
  'too-predictable': phrase('error_passphrase_tooPredictable'),
};
