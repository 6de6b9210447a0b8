import Dexie from 'dexie';
import { knowledgeDb, type Space, type VectorRow } from './knowledge-db';
import { encodeVector, normalize } from './vector-codec';
import { announceVectorsChanged } from './vector-events';

export type { Space } from './knowledge-db';

/** The primary key of a vector: one model's vectors of one space are one key range, and so are a source prefix's. */
export function vectorId(space: Space, model: string, sourceId: string): string {
  return `${space}|${model}|${sourceId}`;
}

/** Rows to store (normalised, then int8-encoded); for callers that write them in a transaction of their own with other rows. */
export function toVectorRows(space: Space, model: string, records: readonly { sourceId: string; vector: Float32Array }[]): VectorRow[] {
  return records.map(({ sourceId, vector }) => ({
    id: vectorId(space, model, sourceId),
    space,
    model,
    sourceId,
    dims: vector.length,
    data: encodeVector(normalize(vector)),
  }));
}

/** Stores (or replaces) vectors; the search worker drops its copy of `space` and reads it again on its next search. */
export async function putVectors(space: Space, model: string, records: { sourceId: string; vector: Float32Array }[]): Promise<void> {
  if (!records.length) return;
  await knowledgeDb().vectors.bulkPut(toVectorRows(space, model, records));
  announceVectorsChanged(space);
}

/** The models that have vectors in `space` (read from the [space+model] index's keys). */
export async function modelsIn(space: Space): Promise<string[]> {
  const keys = await knowledgeDb().vectors.where('[space+model]').between([space, Dexie.minKey], [space, Dexie.maxKey]).uniqueKeys();
  return keys.map((key) => String((key as unknown as [string, string])[1]));
}

/** Deletes the vectors of `sourceIds` (of every model), or every vector of `space` when omitted. */
export async function deleteVectors(space: Space, sourceIds?: readonly string[]): Promise<void> {
  const db = knowledgeDb();
  if (sourceIds === undefined) {
    await db.vectors.where('space').equals(space).delete();
  } else {
    if (!sourceIds.length) return;
    const models = await modelsIn(space);
    await db.vectors.bulkDelete(models.flatMap((model) => sourceIds.map((sourceId) => vectorId(space, model, sourceId))));
  }
  announceVectorsChanged(space);
}

/** Deletes the vectors (of every model) whose source id starts with `prefix`: a history conversation's, for instance. */
export async function deleteVectorsWithPrefix(space: Space, prefix: string): Promise<void> {
  const db = knowledgeDb();
  for (const model of await modelsIn(space)) {
    const start = vectorId(space, model, prefix);
    await db.vectors.where(':id').between(start, `${start}\uffff`).delete();
  }
  announceVectorsChanged(space);
}

export async function countVectors(space: Space, model: string): Promise<number> {
  return knowledgeDb().vectors.where('[space+model]').equals([space, model]).count();
}

/** Which of `sourceIds` already have a vector of `model` (an indexer skips them on resume: nothing embedded or counted twice). */
export async function hasVectors(space: Space, model: string, sourceIds: readonly string[]): Promise<Set<string>> {
  if (!sourceIds.length) return new Set();
  const prefix = vectorId(space, model, '');
  const keys = await knowledgeDb()
    .vectors.where(':id')
    .anyOf(sourceIds.map((sourceId) => prefix + sourceId))
    .primaryKeys();
  return new Set(keys.map((key) => key.slice(prefix.length)));
}
