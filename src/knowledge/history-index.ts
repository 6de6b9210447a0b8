import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import type { HistoryDatabase } from '@/src/history/history-db';
import type { StoredMessageRow } from '@/src/history/rows';
import { knowledgeDb, type EmbeddingTargetRow, type JobRow } from './knowledge-db';
import { hasVectors, toVectorRows } from './vector-store';
import { announceVectorsChanged } from './vector-events';
import { historySourceId } from './history-index-vectors';
import { announceJobChanged } from './history-index-events';

/**
 * Indexing the history for search by meaning: every message (a question or a finished answer) is
 * cut into pieces (at most PIECES_PER_MESSAGE of PIECE_CHARS), embedded with the user's chosen
 * model, and stored in the `history` space. The job row (`jobs`, id `history`) remembers the
 * model, the progress and where to go on, so any page resumes it (history-index-runner.ts).
 *
 * Order: messages newer than the job's high-water mark first (new ones arrive while it runs, and
 * after it finished: the incremental part), then the rest newest first. Each batch's vectors and
 * the job's progress are written in one transaction, after re-reading the job in it: a batch
 * whose job was cancelled or given another model meanwhile writes nothing, and a batch that
 * failed (the provider, the budget) wrote nothing and is simply the next one again on resume.
 * So nothing is embedded, stored or counted twice.
 */

export const HISTORY_JOB = 'history';
export const PIECE_CHARS = 2000;
export const PIECES_PER_MESSAGE = 4;
/** Messages per embedding call: at most 32 × 4 = 128 texts, the call's limit. */
export const BATCH_MESSAGES = 32;

export type EmbedTexts = (
  target: EmbeddingTargetRow,
  texts: string[],
  purpose: 'history' | 'collection' | 'query',
  opts?: { signal?: AbortSignal },
) => Promise<{ vectors: Float32Array[]; dims: number; inputTokens: number; costUsd: number | null }>;

export interface HistoryIndexEnv {
  history: HistoryDatabase;
  embed: EmbedTexts;
  /** embed-client's embeddingModelKey. */
  modelKey(target: EmbeddingTargetRow): string;
  now?: () => number;
}

/** Where the job goes on: `above` the high-water mark of `startedAt` (newer messages are new), `below` the backfill's position (null once it reached the oldest), `later` answers that were still streaming. */
interface Cursor {
  above: number;
  below: number | null;
  later: string[];
}

/** The job's cursor, or undefined when it is damaged. */
function readCursor(job: JobRow): Cursor | undefined {
  try {
    const parsed = JSON.parse(job.cursor ?? '') as Partial<Cursor>;
    return {
      above: typeof parsed.above === 'number' ? parsed.above : 0,
      below: typeof parsed.below === 'number' ? parsed.below : null,
      later: Array.isArray(parsed.later) ? parsed.later.filter((id): id is string => typeof id === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

export function readHistoryJob(): Promise<JobRow | undefined> {
  return knowledgeDb().jobs.get(HISTORY_JOB);
}

/** What a message contributes: its pieces, or nothing (empty, a one-off answer outside the history). */
export function messagePieces(row: StoredMessageRow): string[] {
  if (!row || typeof row.text !== 'string' || typeof row.conversationId !== 'string') return [];
  const text = row.text.trim();
  if (!text) return [];
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length && pieces.length < PIECES_PER_MESSAGE) {
    let end = Math.min(text.length, start + PIECE_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + PIECE_CHARS / 2) end = space;
    }
    const piece = text.slice(start, end).trim();
    if (piece) pieces.push(piece);
    start = end;
  }
  return pieces;
}

const streaming = (row: StoredMessageRow) => row.role === 'assistant' && row.status === 'streaming';

/** The characters still to embed (for the cost estimate before a paid model starts): every message's pieces. */
export async function historyCharsToIndex(history: HistoryDatabase): Promise<{ messages: number; chars: number }> {
  let messages = 0;
  let chars = 0;
  await history.messageRows.each((row) => {
    const pieces = messagePieces(row);
    if (!pieces.length) return;
    messages++;
    for (const piece of pieces) chars += piece.length;
  });
  return { messages, chars };
}

/** The newest message's `startedAt` and the count of messages, read together: a job's starting point. */
function messagesNow(history: HistoryDatabase): Promise<{ top: number; total: number }> {
  return history.transaction('r', history.messageRows, async () => {
    const newest = await history.messageRows.orderBy('startedAt').last();
    return { top: newest?.startedAt ?? 0, total: await history.messageRows.count() };
  });
}

/**
 * Starts indexing with `target` (the choice is remembered in the job). Another model's vectors,
 * and any earlier job, are deleted in the same transaction: the user was asked before a change.
 */
export async function startHistoryIndex(env: HistoryIndexEnv, target: EmbeddingTargetRow): Promise<JobRow> {
  const now = env.now ?? Date.now;
  const { top, total } = await messagesNow(env.history);
  const db = knowledgeDb();
  const job: JobRow = {
    id: HISTORY_JOB,
    model: env.modelKey(target),
    target: { keyId: target.keyId, model: target.model },
    state: 'running',
    done: 0,
    total,
    cursor: JSON.stringify({ above: top, below: top + 1, later: [] } satisfies Cursor),
    updatedAt: now(),
  };
  await db.transaction('rw', db.vectors, db.jobs, async () => {
    await db.vectors.where('space').equals('history').delete();
    await db.jobs.put(job);
  });
  announceVectorsChanged('history');
  announceJobChanged();
  return job;
}

async function setState(from: readonly JobRow['state'][], state: JobRow['state'], now: () => number): Promise<void> {
  const db = knowledgeDb();
  await db.transaction('rw', db.jobs, async () => {
    const job = await db.jobs.get(HISTORY_JOB);
    if (!job || !from.includes(job.state)) return;
    await db.jobs.put({ ...job, state, updatedAt: now(), ...(state === 'running' ? { error: undefined } : {}) });
  });
  announceJobChanged();
}

/** The batch under way finishes (it is paid for) and is kept; the job stops after it. */
export const pauseHistoryIndex = (now: () => number = Date.now) => setState(['running'], 'paused', now);
/** Goes on from where it stopped (after a pause or a failure), and looks again for new messages once done. */
export const resumeHistoryIndex = (now: () => number = Date.now) => setState(['paused', 'failed', 'done'], 'running', now);

/**
 * Conversations imported (issue 19): they may be older than where the job's pass through older
 * messages has got to, so the job goes through the whole history again. What is stored already is
 * skipped (hasVectors in runHistoryIndex), so nothing is embedded or paid twice; a paused or failed
 * job stays so, a finished one runs again. Nothing happens when search by meaning is off.
 */
export async function rescanHistoryIndex(history: HistoryDatabase, now: () => number = Date.now): Promise<void> {
  const { top, total } = await messagesNow(history);
  const db = knowledgeDb();
  const changed = await db.transaction('rw', db.jobs, async () => {
    const current = await db.jobs.get(HISTORY_JOB);
    if (!current) return false;
    const cursor = JSON.stringify({ above: top, below: top + 1, later: [] } satisfies Cursor);
    await db.jobs.put({ ...current, state: current.state === 'done' ? 'running' : current.state, done: 0, total, cursor, updatedAt: now() });
    return true;
  });
  if (changed) announceJobChanged();
}

/** Turns search by meaning off: the job and every history vector are deleted (a batch under way writes nothing). */
export async function cancelHistoryIndex(): Promise<void> {
  const db = knowledgeDb();
  await db.transaction('rw', db.vectors, db.jobs, async () => {
    await db.vectors.where('space').equals('history').delete();
    await db.jobs.delete(HISTORY_JOB);
  });
  announceVectorsChanged('history');
  announceJobChanged();
}

interface Batch {
  rows: StoredMessageRow[];
  /** Answers still streaming: left for later, not counted. */
  deferred: string[];
  cursor: Cursor;
  /** Rows counted into `total` by this batch (new messages; the others were counted when the job started). */
  added: number;
}

/** `rows` plus every other row with the last one's `startedAt` (a batch never splits messages of one millisecond). */
async function withTies(history: HistoryDatabase, rows: StoredMessageRow[]): Promise<StoredMessageRow[]> {
  const last = rows.at(-1);
  if (!last) return rows;
  const ties = await history.messageRows.where('startedAt').equals(last.startedAt).toArray();
  const seen = new Set(rows.map((row) => row.id));
  return [...rows, ...ties.filter((row) => !seen.has(row.id))];
}

/** The next messages to embed, and the cursor after them; undefined when there is nothing to do. */
async function nextBatch(history: HistoryDatabase, cursor: Cursor): Promise<Batch | undefined> {
  const split = (rows: StoredMessageRow[]) => ({ rows: rows.filter((row) => !streaming(row)), deferred: rows.filter(streaming).map((row) => row.id) });
  // New messages since the high-water mark, oldest of them first (so the mark only moves up).
  const newer = await history.messageRows.where('startedAt').above(cursor.above).limit(BATCH_MESSAGES).toArray();
  if (newer.length) {
    const rows = newer.length === BATCH_MESSAGES ? await withTies(history, newer) : newer;
    const { rows: ready, deferred } = split(rows);
    return { rows: ready, deferred, added: rows.length, cursor: { ...cursor, above: rows.at(-1)!.startedAt, later: [...cursor.later, ...deferred] } };
  }
  // The backfill, newest first.
  if (cursor.below !== null) {
    const older = await history.messageRows.where('startedAt').below(cursor.below).reverse().limit(BATCH_MESSAGES).toArray();
    const rows = older.length === BATCH_MESSAGES ? await withTies(history, older) : older;
    const { rows: ready, deferred } = split(rows);
    const below = older.length === BATCH_MESSAGES ? rows.at(-1)!.startedAt : null;
    return { rows: ready, deferred, added: 0, cursor: { ...cursor, below, later: [...cursor.later, ...deferred] } };
  }
  // Answers that were streaming when met: those that finished (or went).
  if (cursor.later.length) {
    const rows = await history.messageRows.bulkGet(cursor.later);
    const finished = cursor.later.filter((_, index) => !rows[index] || !streaming(rows[index]));
    if (!finished.length) return undefined;
    const ready = rows.filter((row): row is StoredMessageRow => !!row && !streaming(row));
    return { rows: ready, deferred: [], added: 0, cursor: { ...cursor, later: cursor.later.filter((id) => !finished.includes(id)) } };
  }
  return undefined;
}

export type RunOutcome = 'done' | 'paused' | 'stopped' | 'failed';

/**
 * Runs the history job batch by batch until it is done, paused, cancelled or re-targeted
 * ('stopped'), or a call fails ('failed': the job row says why, with an error code; a resume
 * retries that batch). Run by one page at a time (history-index-runner.ts holds a lock).
 */
export async function runHistoryIndex(env: HistoryIndexEnv, signal?: AbortSignal): Promise<RunOutcome> {
  const now = env.now ?? Date.now;
  const db = knowledgeDb();
  for (;;) {
    const job = await readHistoryJob();
    if (!job) return 'stopped';
    if (job.state === 'paused') return 'paused';
    if (job.state !== 'running') return job.state === 'failed' ? 'failed' : 'done';
    if (!job.target || signal?.aborted) return 'stopped';
    const cursor = readCursor(job);
    if (!cursor) {
      // A damaged cursor: the count starts again from the top, and what is stored already is
      // skipped (hasVectors below), so nothing is embedded or counted twice.
      const { top, total } = await messagesNow(env.history);
      const fresh = JSON.stringify({ above: top, below: top + 1, later: [] } satisfies Cursor);
      await db.transaction('rw', db.jobs, async () => {
        const current = await db.jobs.get(HISTORY_JOB);
        if (current && current.cursor === job.cursor) await db.jobs.put({ ...current, done: 0, total, cursor: fresh, updatedAt: now() });
      });
      continue;
    }
    const batch = await nextBatch(env.history, cursor);
    if (!batch) {
      const finished = await db.transaction('rw', db.jobs, async () => {
        const current = await db.jobs.get(HISTORY_JOB);
        if (!current || current.model !== job.model || current.cursor !== job.cursor || current.state !== 'running') return false;
        await db.jobs.put({ ...current, state: 'done', total: current.done + cursor.later.length, updatedAt: now() });
        return true;
      });
      announceJobChanged();
      if (finished) return 'done';
      continue;
    }
    const pieces = batch.rows.flatMap((row) => messagePieces(row).map((text, piece) => ({ sourceId: historySourceId(row.conversationId!, row.id, piece), text })));
    const stored = await hasVectors('history', job.model, pieces.map((piece) => piece.sourceId));
    const todo = pieces.filter((piece) => !stored.has(piece.sourceId));
    let vectors: Float32Array[] = [];
    if (todo.length) {
      try {
        ({ vectors } = await env.embed(job.target, todo.map((piece) => piece.text), 'history', signal ? { signal } : undefined));
        if (vectors.length !== todo.length) throw new AppError('PROVIDER_ERROR', phrase('genericError'));
      } catch (error) {
        if (signal?.aborted) return 'stopped';
        const code = error instanceof AppError ? error.code : 'PROVIDER_ERROR';
        await db.transaction('rw', db.jobs, async () => {
          const current = await db.jobs.get(HISTORY_JOB);
          if (current && current.model === job.model && current.state === 'running') await db.jobs.put({ ...current, state: 'failed', error: code, updatedAt: now() });
        });
        announceJobChanged();
        return 'failed';
      }
    }
    const rows = toVectorRows(
      'history',
      job.model,
      todo.map((piece, index) => ({ sourceId: piece.sourceId, vector: vectors[index]! })),
    );
    const kept = await db.transaction('rw', db.vectors, db.jobs, async () => {
      const current = await db.jobs.get(HISTORY_JOB);
      // Cancelled, another model, or another runner moved on: this batch is not this job's any more.
      if (!current || current.model !== job.model || current.cursor !== job.cursor || (current.state !== 'running' && current.state !== 'paused')) return false;
      if (rows.length) await db.vectors.bulkPut(rows);
      const done = current.done + batch.rows.length;
      await db.jobs.put({ ...current, done, total: Math.max(current.total + batch.added, done), cursor: JSON.stringify(batch.cursor), updatedAt: now() });
      return true;
    });
    if (rows.length && kept) announceVectorsChanged('history');
    announceJobChanged();
  }
}
