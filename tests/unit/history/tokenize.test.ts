import { describe, expect, test } from 'vitest';
import { collectTerms, fold, indexKeys, MAX_TERM } from '@/src/history/tokenize';
import { firstMatch, lookupRange, parseQuery } from '@/src/history/query';
import { BLOCK_SIZE, DocSet, updatePosting } from '@/src/history/postings';

const terms = (text: string) => [...collectTerms(text, new Set())];

describe('terms', () => {
  test('folding: case, compatibility forms, Latin and Greek accents, ß and final sigma; Indic marks stay', () => {
    expect(fold('Ｃａｆé ﬁne İstanbul STRASSE Straße ΛΌΓΟΣ नमस्ते')).toBe('cafe fine istanbul strasse strasse λογοσ नमस्ते');
  });

  test('words of two or more letters or digits; long words cut; Han and kana as pairs', () => {
    expect(terms('I said: "x-ray" 42 times, e.g. in 2024!')).toEqual(['said', 'ray', '42', 'times', 'in', '2024']);
    expect(terms('a'.repeat(40))).toEqual(['a'.repeat(MAX_TERM)]);
    expect(terms('iPhone手机 東京都 の')).toEqual(['iphone', '手机', '東京', '京都', 'の']);
  });

  test('index keys add 2- and 3-letter prefixes, and the first character of a pair', () => {
    expect([...indexKeys(new Set(['apple', 'ox', '東京']))].sort()).toEqual(['ap*', 'app*', 'apple', 'ox', 'ox*', '東*', '東京'].sort());
  });

  test('queries: the last word is a prefix unless followed by a space; short prefixes use their own row', () => {
    expect(parseQuery('red app')).toEqual([{ term: 'red', prefix: false }, { term: 'app', prefix: true }]);
    expect(parseQuery('red app ')).toEqual([{ term: 'red', prefix: false }, { term: 'app', prefix: false }]);
    expect(parseQuery('x')).toEqual([]);
    expect(lookupRange({ term: 'app', prefix: true })).toEqual({ lower: 'app*', upper: 'app*' });
    expect(lookupRange({ term: 'appl', prefix: true })).toEqual({ lower: 'appl', upper: 'appl\uffff' });
    expect(lookupRange({ term: 'apple', prefix: false })).toEqual({ lower: 'apple', upper: 'apple' });
    expect(lookupRange({ term: '東', prefix: true })).toEqual({ lower: '東*', upper: '東*' });
  });

  test('the first match is found in the original text, folded or not', () => {
    const text = 'Hello, WORLD! Une Größe, un café. 東京都';
    expect(firstMatch(text, parseQuery('world'))).toBe(7);
    expect(firstMatch(text, parseQuery('grosse'))).toBe(18);
    expect(firstMatch(text, parseQuery('CAF'))).toBe(28);
    expect(firstMatch(text, parseQuery('京都'))).toBe(35);
    expect(firstMatch(text, parseQuery('worlds'))).toBe(-1);
    expect(firstMatch('plain ascii text', parseQuery('zebra'))).toBe(-1);
  });
});

describe('postings', () => {
  test('a few offsets are a list, many a bitmap; updates round-trip', () => {
    let posting = updatePosting(undefined, [5, 1, 1000], []);
    expect(posting).toBeInstanceOf(Uint16Array);
    expect([...(posting ?? [])]).toEqual([1, 5, 1000]);
    const many = Array.from({ length: 300 }, (_, index) => index * 3);
    posting = updatePosting(posting, many, [5]);
    expect(posting).toBeInstanceOf(Uint32Array);
    const set = new DocSet(3 * BLOCK_SIZE);
    if (posting) set.addPosting(2, posting);
    expect(set.list()).toEqual([...new Set([1, 1000, ...many])].sort((a, b) => a - b).map((offset) => 2 * BLOCK_SIZE + offset));
    expect(updatePosting(posting, [], [...many, 1, 1000])).toBeUndefined();
  });

  test('intersection and membership', () => {
    const a = new DocSet(3 * BLOCK_SIZE);
    const b = new DocSet(3 * BLOCK_SIZE);
    a.addPosting(0, Uint16Array.from([1, 2, 3]));
    a.addPosting(2, Uint16Array.from([7]));
    b.addPosting(0, Uint16Array.from([2, 3, 4]));
    b.addPosting(2, Uint16Array.from([7, 31]));
    a.intersect(b);
    expect(a.list()).toEqual([2, 3, 2 * BLOCK_SIZE + 7]);
    expect(a.has(2 * BLOCK_SIZE + 7)).toBe(true);
    expect(a.has(2 * BLOCK_SIZE + 8)).toBe(false);
    expect(a.list(2)).toEqual([2, 3]);
  });
});
