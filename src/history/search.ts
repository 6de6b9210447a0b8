import type { HistoryDatabase } from '@/src/history/history-db';
import type { ConversationRow } from './rows';
import { BLOCK_SIZE, DocSet, blockOf } from './postings';
import { lookupRange, matcher, parseQuery, type QueryTerm } from './query';
import { isValidRow, type ValidRow } from './conversations';
import { findInMessages } from './messages';
import { snippetAround } from './snippet';

export interface Match {
  row: ValidRow;
  snippet: string;
}

/** Up to this many matches are read and sorted; beyond, the recency order is walked. */
const FEW = 100;

/** The conversations holding a query term, as one bit each. */
async function docsWith(db: HistoryDatabase, query: QueryTerm, blocks: number): Promise<DocSet> {
  const { lower, upper } = lookupRange(query);
  const set = new DocSet(blocks * BLOCK_SIZE - 1);
  await Promise.all(
    Array.from({ length: blocks }, async (_, block) => {
      if (lower === upper) {
        const posting = await db.postings.get([block, lower]);
        if (posting) set.addPosting(block, posting);
        return;
      }
      const postings = await db.postings.where(':id').between([block, lower], [block, upper], true, true).toArray();
      for (const posting of postings) set.addPosting(block, posting);
    }),
  );
  return set;
}

/**
 * The newest `limit` valid conversations among `docs`. A few matches are read and sorted;
 * otherwise the recency order is read only as far as the matches' density says is needed
 * (reading a key of the order costs about a twentieth of reading a row).
 */
async function newestOf(db: HistoryDatabase, docs: DocSet, total: number, limit: number, onDamaged: (id: unknown) => void): Promise<ValidRow[]> {
  const valid = (rows: (ConversationRow | undefined)[]): ValidRow[] =>
    rows.flatMap((row) => (isValidRow(row) ? [row] : row ? (onDamaged(row.id), []) : []));
  const few = docs.list(Math.max(limit, FEW) + 1);
  if (few.length <= Math.max(limit, FEW)) {
    return valid(await db.conversations.bulkGet(few))
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, limit);
  }
  const density = docs.count() / Math.max(1, total);
  for (let size = Math.ceil((limit * 1.5) / density) + 16; ; size *= 4) {
    const order = await db.conversations.orderBy('updatedAt').reverse().limit(size).primaryKeys();
    const picked = order.filter((doc) => docs.has(doc));
    if (picked.length < limit && order.length === size) continue;
    const out: ValidRow[] = [];
    for (let start = 0; start < picked.length && out.length < limit; start += limit) {
      out.push(...valid(await db.conversations.bulkGet(picked.slice(start, start + limit - out.length))));
    }
    return out.slice(0, limit);
  }
}

/** Conversations holding every query word, newest first, each with the text around its first match. */
export async function runSearch(db: HistoryDatabase, query: string, limit: number, onDamaged: (id: unknown) => void): Promise<Match[]> {
  const terms = parseQuery(query);
  if (!terms.length || limit <= 0) return [];
  return db.transaction('r', [db.postings, db.conversations, db.messageRows], async () => {
    const lastDoc = await db.conversations.orderBy(':id').lastKey();
    if (typeof lastDoc !== 'number') return [];
    const sets = await Promise.all(terms.map((term) => docsWith(db, term, blockOf(lastDoc) + 1)));
    const [matching = new DocSet(0), ...others] = sets;
    for (const set of others) matching.intersect(set);
    const rows = await newestOf(db, matching, lastDoc + 1, limit, onDamaged);
    const firstMatch = matcher(terms);
    return Promise.all(
      rows.map(async (row) => {
        const snippet = await findInMessages(db, row.id, (message) => {
          const at = firstMatch(message.text);
          return at < 0 ? undefined : snippetAround(message.text, at);
        });
        return { row, snippet: snippet ?? row.preview };
      }),
    );
  });
}
