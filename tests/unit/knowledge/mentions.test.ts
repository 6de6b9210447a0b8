import { describe, expect, test } from 'vitest';
import type { CollectionRow } from '@/src/knowledge/knowledge-db';
import { mentionedIn, mentionSuggestions } from '@/src/ui/knowledge/mentions';

const row = (name: string): CollectionRow => ({ id: name.toLowerCase().replace(/\s/g, '-'), name, createdAt: 0, model: 'local/m', target: { keyId: null, model: 'm' } });
const collections = [row('Work'), row('Work notes'), row('Papers')];

describe('@name in the composer', () => {
  test('a question names collections by "@name", whatever the case, the longest name winning', () => {
    expect(mentionedIn('@work notes: what did we decide?', collections).map((each) => each.name)).toEqual(['Work notes']);
    expect(mentionedIn('Compare @Work and @papers.', collections).map((each) => each.name)).toEqual(['Papers', 'Work']);
    // Not a mention: an e-mail address, a longer word.
    expect(mentionedIn('mail me@work.test or see @Workshop', collections)).toEqual([]);
  });

  test('"@" being typed at the end suggests the collections its start matches, until one is complete', () => {
    expect(mentionSuggestions('ask @wo', collections)?.matches.map((each) => each.name)).toEqual(['Work', 'Work notes']);
    expect(mentionSuggestions('ask @wo', collections)?.partial).toBe('wo');
    expect(mentionSuggestions('@Papers', collections)).toBeUndefined();
    expect(mentionSuggestions('no mention here', collections)).toBeUndefined();
    expect(mentionSuggestions('a@wo', collections)).toBeUndefined();
  });
});
