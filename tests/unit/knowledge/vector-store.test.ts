import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { countVectors, deleteVectors, deleteVectorsWithPrefix, hasVectors, putVectors } from '@/src/knowledge/vector-store';
import { decodeVector, encodeVector, HEADER_BYTES } from '@/src/knowledge/vector-codec';
import { KNOWLEDGE_SCHEMA } from '@/src/knowledge/knowledge-db';
import { searchStats, searchVectors } from '@/src/knowledge/search-client';
import { PackedIndex, TopK } from '@/src/knowledge/search-core';
import { freshKnowledge, inProcessSearchWorker, seededVector, settle } from './helpers';
import type { KnowledgeDatabase } from '@/src/knowledge/knowledge-db';

let db: KnowledgeDatabase;
let worker: ReturnType<typeof inProcessSearchWorker>;
beforeEach(() => {
  db = freshKnowledge();
  worker = inProcessSearchWorker(db);
});
afterEach(() => worker.stop());

const vec = (...values: number[]) => Float32Array.from(values);

describe('vector codec', () => {
  test('int8 with one scale per vector: a quarter of Float32, components within half a step', () => {
    const vector = seededVector(7, 384);
    const data = encodeVector(vector);
    expect(data.byteLength).toBe(HEADER_BYTES + 384);
    const back = decodeVector(data);
    const step = Math.max(...vector.map(Math.abs)) / 127;
    for (let index = 0; index < 384; index++) expect(Math.abs(back[index]! - vector[index]!)).toBeLessThanOrEqual(step / 2 + 1e-7);
  });

  test('a zero vector encodes to zeros (no division by zero)', () => {
    expect([...decodeVector(encodeVector(new Float32Array(4)))]).toEqual([0, 0, 0, 0]);
  });
});

describe('the schema', () => {
  test('declares every store of the contract with its keys and indexes', () => {
    expect(KNOWLEDGE_SCHEMA.name).toBe('keyward-knowledge');
    const stores = KNOWLEDGE_SCHEMA.versions.at(-1)!.stores;
    expect(stores).toEqual({
      vectors: '&id, space, [space+model]',
      jobs: '&id',
      collections: '&id, name',
      items: '&id, collectionId',
      chunks: '&id, itemId, collectionId',
      files: '&itemId',
    });
  });
});

describe('vector store', () => {
  test('put, count, has, and the row layout of the contract', async () => {
    await putVectors('history', 'k1/m', [
      { sourceId: 'a', vector: vec(1, 0, 0) },
      { sourceId: 'b', vector: vec(0, 2, 0) },
    ]);
    await putVectors('history', 'k1/other', [{ sourceId: 'a', vector: vec(0, 0, 1) }]);
    expect(await countVectors('history', 'k1/m')).toBe(2);
    expect(await countVectors('history', 'k1/other')).toBe(1);
    expect(await countVectors('collection:c1', 'k1/m')).toBe(0);
    expect([...(await hasVectors('history', 'k1/m', ['a', 'b', 'c']))].sort()).toEqual(['a', 'b']);
    expect([...(await hasVectors('history', 'k1/other', ['a', 'b']))]).toEqual(['a']);
    const row = await db.vectors.get('history|k1/m|b');
    expect(row).toMatchObject({ id: 'history|k1/m|b', space: 'history', model: 'k1/m', sourceId: 'b', dims: 3 });
    // Stored normalised: (0, 2, 0) became (0, 1, 0).
    expect([...decodeVector(row!.data)].map((value) => Math.round(value * 100) / 100)).toEqual([0, 1, 0]);
  });

  test('deleteVectors: given sources of every model, or the whole space; other spaces stay', async () => {
    await putVectors('collection:c1', 'm1', [
      { sourceId: 'x', vector: vec(1, 0) },
      { sourceId: 'y', vector: vec(0, 1) },
    ]);
    await putVectors('collection:c1', 'm2', [{ sourceId: 'x', vector: vec(1, 0) }]);
    await putVectors('collection:c2', 'm1', [{ sourceId: 'x', vector: vec(1, 0) }]);
    await deleteVectors('collection:c1', ['x']);
    expect(await db.vectors.toCollection().primaryKeys()).toEqual(['collection:c1|m1|y', 'collection:c2|m1|x']);
    await deleteVectors('collection:c1');
    expect(await db.vectors.toCollection().primaryKeys()).toEqual(['collection:c2|m1|x']);
  });

  test('deleteVectorsWithPrefix deletes one source prefix of every model, nothing beside it', async () => {
    await putVectors('history', 'm1', [
      { sourceId: 'conv1/a#0', vector: vec(1, 0) },
      { sourceId: 'conv1/b#0', vector: vec(1, 0) },
      { sourceId: 'conv10/a#0', vector: vec(1, 0) },
    ]);
    await putVectors('history', 'm2', [{ sourceId: 'conv1/a#0', vector: vec(1, 0) }]);
    await deleteVectorsWithPrefix('history', 'conv1/');
    expect(await db.vectors.toCollection().primaryKeys()).toEqual(['history|m1|conv10/a#0']);
  });
});

describe('search', () => {
  test('top-k by cosine across spaces, only the given model, best first', async () => {
    await putVectors('history', 'm', [
      { sourceId: 'east', vector: vec(1, 0, 0) },
      { sourceId: 'north', vector: vec(0, 1, 0) },
      { sourceId: 'northeast', vector: vec(1, 1, 0) },
    ]);
    await putVectors('collection:c', 'm', [{ sourceId: 'up', vector: vec(0.2, 0, 1) }]);
    await putVectors('history', 'other-model', [{ sourceId: 'same-direction', vector: vec(1, 0.1, 0) }]);
    const results = await searchVectors(['history', 'collection:c'], 'm', vec(2, 0.1, 0), 3);
    expect(results.map((result) => [result.space, result.sourceId])).toEqual([
      ['history', 'east'],
      ['history', 'northeast'],
      ['collection:c', 'up'],
    ]);
    expect(results[0]!.score).toBeCloseTo(0.9988, 2);
    expect(results[1]!.score).toBeCloseTo(Math.SQRT1_2 * (2.1 / Math.hypot(2, 0.1)), 2);
  });

  test('exact: the same top 10 as a Float32 scan of 5,000 vectors, scores within 0.01', async () => {
    const dims = 64;
    const records = Array.from({ length: 5000 }, (_, index) => ({ sourceId: `s${index}`, vector: seededVector(index + 1, dims) }));
    await putVectors('history', 'm', records);
    for (const seed of [90001, 90002, 90003]) {
      const query = seededVector(seed, dims);
      const exact = records
        .map(({ sourceId, vector }) => ({ sourceId, score: vector.reduce((sum, value, index) => sum + value * query[index]!, 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const found = await searchVectors(['history'], 'm', query, 10);
      // int8 may swap two neighbours whose scores differ by less than its error; the sets agree.
      const overlap = found.filter((hit) => exact.some((want) => want.sourceId === hit.sourceId)).length;
      expect(overlap).toBeGreaterThanOrEqual(9);
      for (const hit of found) {
        const truth = records.find((record) => record.sourceId === hit.sourceId)!.vector.reduce((sum, value, index) => sum + value * query[index]!, 0);
        expect(Math.abs(hit.score - truth)).toBeLessThan(0.01);
      }
    }
  });

  test('the worker reads a space once, and again after a change is announced', async () => {
    await putVectors('history', 'm', [{ sourceId: 'a', vector: vec(1, 0) }]);
    await settle();
    expect((await searchVectors(['history'], 'm', vec(1, 0), 5)).map((hit) => hit.sourceId)).toEqual(['a']);
    expect((await searchVectors(['history'], 'm', vec(1, 0), 5)).map((hit) => hit.sourceId)).toEqual(['a']);
    expect(worker.loads).toEqual(['history|m']);
    await putVectors('history', 'm', [{ sourceId: 'b', vector: vec(0.9, 0.1) }]);
    await settle();
    // The stale copy is dropped at once (its memory freed), not only at the next search.
    expect((await searchStats()).indexes).toEqual([]);
    expect((await searchVectors(['history'], 'm', vec(1, 0), 5)).map((hit) => hit.sourceId)).toEqual(['a', 'b']);
    await deleteVectors('history', ['a']);
    await settle();
    expect((await searchVectors(['history'], 'm', vec(1, 0), 5)).map((hit) => hit.sourceId)).toEqual(['b']);
    expect(worker.loads).toEqual(['history|m', 'history|m', 'history|m']);
    const stats = await searchStats();
    expect(stats.indexes).toEqual([{ key: 'history|m', count: 1, dims: 2, bytes: 2 + 4 + 16 + 2 }]);
  });

  test('vectors of another size than the query are not compared; empty spaces give nothing', async () => {
    await putVectors('history', 'm', [{ sourceId: 'a', vector: vec(1, 0) }]);
    expect(await searchVectors(['history'], 'm', vec(1, 0, 0), 5)).toEqual([]);
    expect(await searchVectors(['collection:none'], 'm', vec(1, 0), 5)).toEqual([]);
    expect(await searchVectors([], 'm', vec(1, 0), 5)).toEqual([]);
  });

  test('a space changed while it loads serves that search, and is read again by the next', async () => {
    const { SearchEngine } = await import('@/src/knowledge/search-engine');
    const releases: (() => void)[] = [];
    let loads = 0;
    const engine = new SearchEngine(() => {
      loads++;
      return new Promise((resolve) => releases.push(() => resolve([{ sourceId: `load${loads}`, dims: 1, data: encodeVector(vec(1)) }])));
    });
    const first = engine.search(['history'], 'm', vec(1), 1);
    engine.invalidate('history');
    releases.shift()!();
    expect((await first).map((hit) => hit.sourceId)).toEqual(['load1']);
    const second = engine.search(['history'], 'm', vec(1), 1);
    await Promise.resolve();
    releases.shift()!();
    expect((await second).map((hit) => hit.sourceId)).toEqual(['load2']);
    expect(loads).toBe(2);
  });

  test('a failing load rejects with a code and is retried by the next search', async () => {
    let fail = true;
    const { SearchEngine } = await import('@/src/knowledge/search-engine');
    const engine = new SearchEngine(() => (fail ? Promise.reject(new DOMException('gone', 'UnknownError')) : Promise.resolve([])));
    expect(await engine.handle({ type: 'search', id: 1, spaces: ['history'], model: 'm', query: vec(1), k: 1 })).toEqual({ id: 1, ok: false, error: 'UnknownError' });
    fail = false;
    expect(await engine.handle({ type: 'search', id: 2, spaces: ['history'], model: 'm', query: vec(1), k: 1 })).toEqual({ id: 2, ok: true, results: [] });
  });
});

describe('scan primitives', () => {
  test('TopK keeps the k highest, sorted, whatever the order they come in', () => {
    const top = new TopK(3);
    for (const [at, score] of [[0, 0.1], [1, 0.9], [2, 0.5], [3, 0.95], [4, 0.2], [5, 0.6]] as const) if (score > top.floor) top.add(at, score);
    expect(top.sorted()).toEqual([
      { at: 3, score: 0.95 },
      { at: 1, score: 0.9 },
      { at: 5, score: 0.6 },
    ]);
  });

  test('PackedIndex scans dims that are not a multiple of 4 (the tail) and skips rows of another size', () => {
    const rows = [vec(0, 0, 0, 0, 1), vec(1, 0, 0, 0, 0), vec(1, 0)].map((vector, index) => ({ sourceId: `r${index}`, dims: vector.length, data: encodeVector(vector) }));
    const index = new PackedIndex(rows);
    expect(index.count).toBe(2);
    expect(index.skipped).toBe(1);
    expect(index.top(vec(0, 0, 0, 0, 1), 1)).toEqual([{ at: 0, score: expect.closeTo(1, 2) as number }]);
  });
});
