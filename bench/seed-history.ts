/** Bundled by the benchmark (vite, IIFE) and evaluated in an extension page: fills the real history store. */
import { EXPORT_FORMAT, EXPORT_VERSION, openHistory } from '@/src/history';
import { HistoryDatabase } from '@/src/history/history-db';
import { writeImport } from '@/src/history/import';
import { buildPending } from '@/src/history/build';
import { syntheticHistory } from '@/tests/unit/history/synthetic';

export async function seed(count: number): Promise<number> {
  const history = openHistory();
  const have = await history.countConversations();
  for (let i = have; i < count; i++) {
    const conversation = await history.createConversation({ title: `Benchmark conversation ${i}` });
    await history.addUserMessage(conversation.id, { text: `Question number ${i}: how do I measure what users feel in a browser extension?` });
  }
  return history.countConversations();
}

export interface ScaleSeed {
  conversations: number;
  messages: number;
  /** Characters of message text, in millions. */
  textMillions: number;
  /** Generating the synthetic history and serialising it to export files (not the product's work). */
  generateMs: number;
  /** The product's import writing the files' conversations and messages (parse, check, write). */
  writeMs: number;
  /** The product building the search index of everything written (`buildPending`). */
  indexMs: number;
}

/**
 * A synthetic history (tests/unit/history/synthetic.ts: Zipf vocabulary, questions of 5–45 words,
 * answers of 80–320, the newest ending two hours ago) imported through the product's JSON import, `perFile` conversations per file,
 * then indexed at once: what importing one export of that size does (src/history/import.ts).
 */
export async function seedScale(conversations: number, messagesPerConversation: number, perFile: number): Promise<ScaleSeed> {
  const db = new HistoryDatabase();
  const now = () => Date.now();
  const out: ScaleSeed = { conversations: 0, messages: 0, textMillions: 0, generateMs: 0, writeMs: 0, indexMs: 0 };
  let batch: unknown[] = [];
  let textChars = 0;
  let started = performance.now();
  const flush = async () => {
    const content = JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: Date.now(), conversations: batch });
    batch = [];
    out.generateMs += performance.now() - started;
    started = performance.now();
    const counts = await writeImport(db, content, now);
    out.conversations += counts.added;
    out.messages += counts.messages;
    out.writeMs += performance.now() - started;
    started = performance.now();
  };
  // The newest conversation ended two hours ago: a popup opened now starts a new chat (see askInNewest).
  const start = Date.now() - 2 * 3_600_000 - conversations * (60_000 + messagesPerConversation * 1_000);
  for (const { conversation, messages } of syntheticHistory({ conversations, messagesPerConversation, start })) {
    for (const message of messages) textChars += message.text.length;
    batch.push({ ...conversation, messages });
    if (batch.length >= perFile) await flush();
  }
  if (batch.length) await flush();
  started = performance.now();
  await buildPending(db);
  out.indexMs = performance.now() - started;
  out.textMillions = textChars / 1e6;
  db.close();
  return out;
}

export interface SearchTiming {
  query: string;
  /** The first search of a new connection (what a newly opened page pays), ms. */
  first: number;
  /** Later searches, ms. */
  repeated: number[];
  hits: number;
}

/** Times `openHistory().search` (50 results, as the history view asks), each query on a new connection first. */
export async function timeSearches(queries: string[], rounds: number, limit: number): Promise<SearchTiming[]> {
  const out: SearchTiming[] = [];
  for (const query of queries) {
    const db = new HistoryDatabase();
    const history = openHistory(db);
    let started = performance.now();
    const results = await history.search(query, { limit });
    const first = performance.now() - started;
    const repeated: number[] = [];
    for (let round = 0; round < rounds; round++) {
      started = performance.now();
      await history.search(query, { limit });
      repeated.push(performance.now() - started);
    }
    db.close();
    out.push({ query, first, repeated, hits: results.length });
  }
  return out;
}

/** Rows of the search index and the bytes of their values. */
export async function indexSize(): Promise<{ postingRows: number; postingBytes: number; searchDocs: number }> {
  const db = new HistoryDatabase();
  const postings = await db.postings.toArray();
  const searchDocs = await db.searchDocs.count();
  db.close();
  return { postingRows: postings.length, postingBytes: postings.reduce((sum, posting) => sum + posting.byteLength, 0), searchDocs };
}

/** Adds a question to the newest conversation through the history: a popup opened now continues it. Returns its message count. */
export async function askInNewest(): Promise<number> {
  const history = openHistory();
  const newest = await history.lastConversation();
  if (!newest) throw new Error('The history is empty.');
  await history.addUserMessage(newest.id, { text: 'One more question: how long does the popup take to open now?' });
  return (await history.getConversation(newest.id))?.messages.length ?? 0;
}
