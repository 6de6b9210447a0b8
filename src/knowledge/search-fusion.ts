/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's score is the sum over
 * the rankings that hold it of 1 / (RRF_K + its rank), ranks from 1. It needs no calibration
 * between the term index (which has no scores, only an order) and cosine similarities, and an
 * item high in both rankings beats one high in only one. RRF_K = 60 is the paper's constant:
 * it keeps one list's top item from outweighing agreement between the lists.
 *
 * Ties (the same sum) keep the order of the first ranking that holds them, then the next's.
 */
export const RRF_K = 60;

export function fuseRankings(rankings: readonly (readonly string[])[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  let order = 0;
  for (const ranking of rankings) {
    ranking.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
      if (!firstSeen.has(id)) firstSeen.set(id, order++);
    });
  }
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || firstSeen.get(a.id)! - firstSeen.get(b.id)!);
}
