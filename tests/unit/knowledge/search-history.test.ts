import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fuseRankings, RRF_K } from '@/src/knowledge/search-fusion';
import { MIN_SIMILARITY, nearestConversations, searchHistoryWithMeaning } from '@/src/knowledge/search-history';
import { historySourceId, conversationOf } from '@/src/knowledge/history-index-vectors';
import { countVectors, putVectors } from '@/src/knowledge/vector-store';
import { mockEmbedding } from '@/tests/fixtures/mock-embeddings';
import { testHistory } from '../history/helpers';
import { freshKnowledge, inProcessSearchWorker } from './helpers';

describe('reciprocal rank fusion', () => {
  test('sums 1/(k + rank) over the rankings: agreement beats one list’s top', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['b', 'd', 'a'],
    ]);
    expect(fused.map((entry) => entry.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 10);
    expect(fused[1]!.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 3), 10);
  });

  test('equal sums keep the order of the first ranking that holds them', () => {
    expect(fuseRankings([['x'], ['y']]).map((entry) => entry.id)).toEqual(['x', 'y']);
    expect(fuseRankings([[], ['y', 'z']]).map((entry) => entry.id)).toEqual(['y', 'z']);
  });
});

describe('history source ids', () => {
  test('name their conversation, even one whose id holds a slash', () => {
    expect(conversationOf(historySourceId('plain', 'm1', 0))).toBe('plain');
    expect(conversationOf(historySourceId('a/b#c', 'm1', 2))).toBe('a/b#c');
  });
});

describe('search with meaning', () => {
  let stop: () => void;
  beforeEach(() => {
    const db = freshKnowledge();
    stop = inProcessSearchWorker(db).stop;
  });
  afterEach(() => stop());

  const MODEL = 'k/m';
  const embed = (text: string) => mockEmbedding(text, 128);

  test('one hit per conversation (its best piece), below the similarity floor left out', async () => {
    await putVectors('history', MODEL, [
      { sourceId: historySourceId('c1', 'm1', 0), vector: embed('volcano lava eruption') },
      { sourceId: historySourceId('c1', 'm2', 0), vector: embed('volcano lava') },
      { sourceId: historySourceId('c2', 'm3', 0), vector: embed('lava lamp decoration') },
      { sourceId: historySourceId('c3', 'm4', 0), vector: embed('sourdough bread rye') },
    ]);
    const hits = await nearestConversations(MODEL, embed('volcano lava eruption'), 10);
    expect(hits.map((hit) => [hit.conversationId, hit.messageId])).toEqual([
      ['c1', 'm1'],
      ['c2', 'm3'],
    ]);
    expect(hits.every((hit) => hit.score >= MIN_SIMILARITY)).toBe(true);
  });

  test('fuses the term results with the nearest by meaning; a meaning-only hit shows its message as the snippet', async () => {
    const { history } = testHistory();
    const words = await history.createConversation({ title: 'Words' });
    const wordsMessage = await history.addUserMessage(words.id, { text: 'eruption schedule for the museum tour' });
    const meaning = await history.createConversation({ title: 'Meaning' });
    const meaningMessage = await history.addUserMessage(meaning.id, { text: 'the volcano spat lava all night' });
    const neither = await history.createConversation({ title: 'Neither' });
    await history.addUserMessage(neither.id, { text: 'knitting a scarf' });
    await putVectors('history', MODEL, [
      { sourceId: historySourceId(words.id, wordsMessage.id, 0), vector: embed('eruption schedule for the museum tour') },
      { sourceId: historySourceId(meaning.id, meaningMessage.id, 0), vector: embed('the volcano spat lava all night') },
    ]);
    const query = 'volcano lava eruption';
    // The words alone: no conversation has all three.
    expect(await history.search(query)).toEqual([]);
    const results = await searchHistoryWithMeaning(history, 'eruption', { model: MODEL, vector: embed(query) }, 10);
    expect(results.map((result) => [result.conversation.title, result.by])).toEqual([
      ['Words', 'both'],
      ['Meaning', 'meaning'],
    ]);
    expect(results[1]!.snippet).toBe('the volcano spat lava all night');
    // A conversation deleted after its vectors were written is left out.
    await history.deleteConversation(meaning.id);
    await putVectors('history', MODEL, [{ sourceId: historySourceId(meaning.id, meaningMessage.id, 0), vector: embed('the volcano spat lava all night') }]);
    const after = await searchHistoryWithMeaning(history, 'eruption', { model: MODEL, vector: embed(query) }, 10);
    expect(after.map((result) => result.conversation.title)).toEqual(['Words']);
  });

  test('an edit or a regenerate removes the removed messages’ vectors, and keeps the others', async () => {
    const { history } = testHistory();
    const conversation = await history.createConversation({ title: 'Edited' });
    const kept = await history.addUserMessage(conversation.id, { text: 'the volcano spat lava all night' });
    const dropped = await history.addUserMessage(conversation.id, { text: 'a question edited away' });
    await putVectors('history', MODEL, [
      { sourceId: historySourceId(conversation.id, kept.id, 0), vector: embed('the volcano spat lava all night') },
      { sourceId: historySourceId(conversation.id, dropped.id, 0), vector: embed('a question edited away') },
      { sourceId: historySourceId(conversation.id, dropped.id, 1), vector: embed('its second piece') },
    ]);
    await history.truncateAfter(conversation.id, kept.id, false);
    expect(await countVectors('history', MODEL)).toBe(1);
    const hits = await nearestConversations(MODEL, embed('a question edited away'), 10);
    expect(hits.map((hit) => hit.messageId)).not.toContain(dropped.id);
  });
});
