import type { z } from 'zod/mini';
import type { ChatDatabase } from '@/src/chat/chat-db';
import { AppError } from '@/src/shared/errors';
import { PENDING_KEY, type ConversationRow, type HistoryMessage } from './rows';
import { HistoryExport, type ExportedConversation } from './export-format';
import { buildPending } from './build';
import { reindexStale } from './stale';
import { byStart } from './messages';
import { summarize } from './summary';
import { titleFrom } from './text';
import { claim, takenIds, type Ids } from './import-ids';

const CHUNK = 200;

function invalid(detail: string): AppError {
  return new AppError('BACKUP_INVALID', `This file is not a Keyward history export that can be imported: ${detail}. Nothing was imported.`);
}

function parse(content: string): HistoryExport {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    throw invalid('it is not JSON');
  }
  const parsed = HistoryExport.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalid(issue ? `${issue.path.join('.') || 'the file'}: ${expectation(issue)}` : 'it does not match the format');
}

/** What was expected where: never the value found, which may be the user's prompt. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_union':
      return 'not a message of a known kind';
    default:
      return 'invalid value';
  }
}

/** An imported answer cannot still be streaming: the worker that wrote it is not writing it now. */
function settled(message: HistoryMessage, conversationId: string, id: string): HistoryMessage {
  if (message.role === 'user') return { ...message, id, conversationId };
  if (message.status !== 'streaming') return { ...message, id, conversationId };
  return {
    ...message,
    id,
    conversationId,
    status: 'interrupted',
    error: { kind: 'interrupted', message: 'This answer was still arriving when it was exported.', retryable: true },
  };
}

/** Writes conversations and messages, marked pending: they are indexed afterwards, a block at a time. */
async function importChunk(db: ChatDatabase, chunk: ExportedConversation[], ids: { conversations: Ids; messages: Ids }): Promise<number> {
  const rows: ConversationRow[] = [];
  const messages: HistoryMessage[] = [];
  for (const { messages: list, ...record } of chunk) {
    const id = claim(ids.conversations, record.id);
    const settledList = list.map((message) => settled(message, id, claim(ids.messages, message.id))).sort(byStart);
    const firstQuestion = settledList.find((message) => message.role === 'user');
    const row: ConversationRow = { ...record, id, pending: 1 };
    if (!firstQuestion || titleFrom(firstQuestion.text) !== record.title) row.titleSet = true;
    rows.push(summarize(row, settledList));
    messages.push(...settledList);
  }
  await db.transaction('rw', [db.messageRows, db.conversations, db.meta], async () => {
    await db.conversations.bulkAdd(rows);
    await db.messageRows.bulkAdd(messages);
    await db.meta.put({ key: PENDING_KEY, value: 1 });
  });
  return messages.length;
}

export interface ImportCounts {
  conversations: number;
  messages: number;
}

/**
 * Writes the conversations of an export, marked pending (not searchable until `buildPending`).
 * Never overwrites: an id already present (or repeated in the file) gets a new one. The whole
 * file is checked before anything is written.
 */
export async function writeImport(db: ChatDatabase, content: string, now: () => number): Promise<ImportCounts> {
  const file = parse(content);
  // Scanning first moves the stale scan past now: the imported answers, older, are never rescanned.
  await reindexStale(db, now);
  const ids = await takenIds(db, file);
  let messages = 0;
  for (let start = 0; start < file.conversations.length; start += CHUNK) {
    messages += await importChunk(db, file.conversations.slice(start, start + CHUNK), ids);
  }
  return { conversations: file.conversations.length, messages };
}

/** Adds the conversations of an export, then indexes them (an interrupted import is indexed the next time the history is read). */
export async function importJson(db: ChatDatabase, content: string, now: () => number): Promise<ImportCounts> {
  const counts = await writeImport(db, content, now);
  await buildPending(db);
  return counts;
}
