import { describe, expect, it } from 'vitest';
import { isFresh, PendingAction, PENDING_TTL_MS, runsAtOnce } from '@/src/page/pending-action';
import { MAX_MENU_PROMPTS, MAX_PROMPT_NAME_CHARS, MAX_PROMPT_TEXT_CHARS, MAX_PROMPTS, menuPrompts, parsePromptLibrary } from '@/src/page/prompt-library';
import { selectionInstruction } from '@/src/page/selection-prompts';

const base = {
  id: '12345678-aaaa',
  action: 'explain',
  text: 'Some selected text',
  totalChars: 18,
  title: 'A page',
  url: 'https://example.com/',
  source: 'menu',
  createdAt: 1_000_000,
} as const;

describe('pending selection actions', () => {
  it('only context-menu actions run at once, and "Ask about this" never does', () => {
    expect(runsAtOnce({ ...base })).toBe(true);
    expect(runsAtOnce({ ...base, action: 'ask' })).toBe(false);
    expect(runsAtOnce({ ...base, source: 'toolbar' })).toBe(false);
  });

  it('expires after two minutes and refuses timestamps from the future', () => {
    expect(isFresh(base, base.createdAt + PENDING_TTL_MS)).toBe(true);
    expect(isFresh(base, base.createdAt + PENDING_TTL_MS + 1)).toBe(false);
    expect(isFresh(base, base.createdAt - 60_000)).toBe(false);
  });

  it('the panel accepts only well-formed actions', () => {
    expect(PendingAction.safeParse(base).success).toBe(true);
    expect(PendingAction.safeParse({ ...base, action: 'delete-everything' }).success).toBe(false);
    expect(PendingAction.safeParse({ ...base, text: '' }).success).toBe(false);
    expect(PendingAction.safeParse({ ...base, text: 'x'.repeat(200_001) }).success).toBe(false);
    expect(PendingAction.safeParse({ ...base, extra: true }).success).toBe(false);
    expect(PendingAction.safeParse({ ...base, source: 'page' }).success).toBe(false);
  });
});

describe('prompt library: one format, one set of limits, read defensively', () => {
  it('reads the list the editor writes; the context menu shows names on one line', () => {
    const prompts = [{ id: 'p1', name: 'Rewrite  politely', text: 'Rewrite politely.' }];
    expect(parsePromptLibrary(prompts)).toEqual(prompts);
    expect(menuPrompts(parsePromptLibrary(prompts) ?? [])).toEqual([{ id: 'p1', name: 'Rewrite politely', text: 'Rewrite politely.' }]);
  });

  it('skips anything malformed, duplicated or over the limits, and survives junk', () => {
    expect(
      parsePromptLibrary([
        null,
        'text',
        { id: '', name: 'x', text: 'y' },
        { id: 'a', name: '   ', text: 'y' },
        { id: 'b', name: 'B', text: 42 },
        { id: 'c', name: 'C', text: 'ok' },
        { id: 'c', name: 'C again', text: 'dup' },
        // Other shapes were once read "defensively" by the menu only; nothing ever wrote them, and
        // one owner of the format now reads exactly what the editor writes.
        { id: 7, title: 'Numeric id', prompt: 'alt field names' },
        { id: 'long-name', name: 'n'.repeat(MAX_PROMPT_NAME_CHARS + 1), text: 'x' },
        { id: 'long-text', name: 'Long', text: 'x'.repeat(MAX_PROMPT_TEXT_CHARS + 1) },
        { id: 'at-limits', name: 'n'.repeat(MAX_PROMPT_NAME_CHARS), text: 'x'.repeat(MAX_PROMPT_TEXT_CHARS) },
      ]),
    ).toEqual([
      { id: 'c', name: 'C', text: 'ok' },
      { id: 'at-limits', name: 'n'.repeat(MAX_PROMPT_NAME_CHARS), text: 'x'.repeat(MAX_PROMPT_TEXT_CHARS) },
    ]);
    for (const junk of [undefined, null, 42, 'x', { prompts: [{ id: 'p', name: 'P', text: 't' }] }]) expect(parsePromptLibrary(junk)).toBeUndefined();
  });

  it('keeps at most 200 prompts, and the menu lists at most 20', () => {
    const many = Array.from({ length: MAX_PROMPTS + 5 }, (_, index) => ({ id: `p${index}`, name: `P${index}`, text: 't' }));
    const read = parsePromptLibrary(many) ?? [];
    expect(read).toHaveLength(MAX_PROMPTS);
    expect(menuPrompts(read).map((prompt) => prompt.id)).toEqual(many.slice(0, MAX_MENU_PROMPTS).map((prompt) => prompt.id));
  });
});

describe('selection instructions', () => {
  it('translate names the target language; custom prompts use their own text', () => {
    expect(selectionInstruction('translate', { languageName: 'French' })).toContain('into French');
    expect(selectionInstruction('prompt', { languageName: 'French', promptText: 'Make it rhyme.' })).toBe('Make it rhyme.');
    expect(selectionInstruction('summarize', { languageName: 'French' })).toMatch(/^Summarize/);
  });
});
