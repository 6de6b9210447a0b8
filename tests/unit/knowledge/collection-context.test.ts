import { describe, expect, test } from 'vitest';
import { citedNumbers, KnowledgeContext, knowledgeText, sourceLabel, type KnowledgeSource } from '@/src/knowledge/collection-context';
import { headingId, sourceTarget, textFragment } from '@/src/knowledge/collection-open';

const source = (n: number, extra: Partial<KnowledgeSource> = {}): KnowledgeSource => ({ n, collectionId: 'c', itemId: `item-${n}`, chunkId: `item-${n}:0`, kind: 'markdown', title: `Doc ${n}`, headingPath: [], text: `text ${n}`, ...extra });
const context: KnowledgeContext = { collections: [{ id: 'c', name: 'Docs' }], sources: [source(1, { kind: 'pdf', page: 4 }), source(2, { headingPath: ['Guide', 'Install', 'Linux'] }), source(3)] };

describe('what goes with the question', () => {
  test('the excerpts are numbered with where they come from, and the model is told to cite them', () => {
    const text = knowledgeText(context);
    expect(text).toContain('Excerpts from the collection "Docs"');
    expect(text).toContain('cite each excerpt you use by its number in square brackets');
    expect(text).toContain('[1] Doc 1 › p. 4\ntext 1');
    expect(text).toContain('[2] Doc 2 › Install › Linux\ntext 2');
    expect(text.indexOf('[1]')).toBeLessThan(text.indexOf('[2]'));
  });

  test('nothing found is said, not left out', () => {
    expect(knowledgeText({ ...context, sources: [] })).toContain('Nothing in the collection "Docs" matched');
  });

  test('the schema refuses more excerpts than the limit', () => {
    const many = { ...context, sources: Array.from({ length: 13 }, (_, index) => source(Math.min(index + 1, 12))) };
    expect(KnowledgeContext.safeParse(many).success).toBe(false);
    expect(KnowledgeContext.safeParse(context).success).toBe(true);
  });
});

describe('citations', () => {
  test('the numbers an answer cites, in first-cited order, only those that exist', () => {
    expect(citedNumbers('Use apt [2]. The PDF says so [1][2], see also [3, 1] and [9].', context)).toEqual([2, 1, 3]);
    expect(citedNumbers('No citations here [a].', context)).toEqual([]);
  });

  test('labels name the page of a PDF, the last headings of a text', () => {
    expect(sourceLabel(context.sources[0]!)).toBe('Doc 1 › p. 4');
    expect(sourceLabel(context.sources[1]!)).toBe('Doc 2 › Install › Linux');
  });

  test('a PDF opens in the source page at its page; a file at its heading; a saved page at its address with a text fragment', () => {
    expect(sourceTarget(context.sources[0]!)).toEqual({ kind: 'viewer', path: '/source.html?item=item-1&page=4' });
    expect(sourceTarget(context.sources[1]!)).toEqual({ kind: 'viewer', path: `/source.html?item=item-2#${headingId(['Guide', 'Install', 'Linux'])}` });
    expect(sourceTarget(source(4, { kind: 'page', url: 'https://example.test/a#old', headingPath: ['Set-up, part 2'] }))).toEqual({ kind: 'web', url: 'https://example.test/a#:~:text=Set%2Dup%2C%20part%202' });
    // A stored address that is not a web page opens the stored copy, never the address.
    expect(sourceTarget(source(5, { kind: 'page', url: 'javascript:alert(1)' })).kind).toBe('viewer');
  });

  test('text fragments escape the characters their syntax uses', () => {
    expect(textFragment('a-b, c&d')).toBe(':~:text=a%2Db%2C%20c%26d');
    expect(headingId(['Guide', 'Install & run'])).toBe('h-guide--install-run');
  });
});

describe('the one start path', () => {
  test('the question saved with its excerpts reads back with them, and its content for the model carries them', async () => {
    const { testHistory } = await import('../history/helpers');
    const { buildMessages } = await import('@/src/ui/chat/conversation-messages');
    const { itemsFromHistory } = await import('@/src/ui/chat/chat-items');
    const { history } = testHistory();
    const created = await history.createConversation({});
    await history.addUserMessage(created.id, { text: 'How deep is the channel?', knowledge: context });
    const loaded = await history.getConversation(created.id);
    expect(loaded?.messages[0]).toMatchObject({ role: 'user', knowledge: { collections: [{ name: 'Docs' }], sources: [{ n: 1, page: 4 }, { n: 2 }, { n: 3 }] } });
    const [message] = buildMessages(undefined, itemsFromHistory(loaded?.messages ?? []));
    expect(message?.content).toBe(`How deep is the channel?\n\n${knowledgeText(context)}`);
    // A damaged excerpt list is refused, not saved half-checked.
    await expect(history.addUserMessage(created.id, { text: 'x', knowledge: { collections: [], sources: [] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
