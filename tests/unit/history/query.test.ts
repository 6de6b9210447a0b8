import { describe, expect, test } from 'vitest';
import { matcher, parseQuery, type QueryTerm } from '@/src/history/query';
import { MAX_TERM, scanTerms } from '@/src/history/tokenize';
import { random } from './synthetic';

/** What the matcher must find: the tokenizer's first term that matches, term by term. */
function reference(text: string, query: QueryTerm[]): number {
  let found = -1;
  scanTerms(text, (term, at) => {
    if (!query.some((part) => (part.prefix ? term.startsWith(part.term) : term === part.term))) return false;
    found = at;
    return true;
  });
  return found;
}

const PIECES = ['ab', 'abc', 'abcd', 'b', 'ca', 'Ab', 'ABC', 'x9', '42', 'café', 'CAFE', 'größe', 'grosse', 'über', 'naïve', 'σοφίας', 'привет', '東京都', 'データ', '—', '’', 'é', 'a'.repeat(MAX_TERM + 3), `${'a'.repeat(MAX_TERM - 1)}é`];
const GLUE = [' ', '', '_', '-', ', ', '\n', '.', 'é', '—'];

describe('matcher', () => {
  test('finds the same first term as the tokenizer, in ASCII and other texts', () => {
    const next = random(7);
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
    const queries = ['ab', 'ab ', 'abc', 'ca', 'b', 'cafe', 'cafe ', 'grosse', 'uber', 'naive ', 'σοφιας', 'при', '東', '京都', 'x9 ab', 'ab ca ', '42', 'a'.repeat(MAX_TERM), 'a'.repeat(MAX_TERM + 5), `${'a'.repeat(MAX_TERM - 1)} `, 'zz'];
    let compared = 0;
    let hits = 0;
    for (let i = 0; i < 3_000; i++) {
      const parts: string[] = [];
      for (let j = 0, count = 1 + Math.floor(next() * 8); j < count; j++) parts.push(pick(PIECES), pick(GLUE));
      const text = parts.join('');
      const query = parseQuery(pick(queries));
      const expected = reference(text, query);
      expect(matcher(query)(text), `${JSON.stringify(text)} / ${JSON.stringify(query)}`).toBe(expected);
      compared++;
      if (expected >= 0) hits++;
    }
    expect(compared).toBe(3_000);
    // Both outcomes are well represented.
    expect(hits).toBeGreaterThan(600);
    expect(hits).toBeLessThan(2_400);
  });

  test('a word is not matched inside a longer one, a prefix is', () => {
    expect(matcher(parseQuery('cat '))('concatenate the category; cat!')).toBe(26);
    expect(matcher(parseQuery('cat'))('concatenate the category; cat!')).toBe(16);
    expect(matcher(parseQuery('cat '))('a caté')).toBe(-1);
    expect(matcher(parseQuery('cafe '))('un CAFÉ noir')).toBe(3);
    expect(matcher(parseQuery('zebra'))('plain ascii text')).toBe(-1);
    expect(matcher([])('anything')).toBe(-1);
  });
});
