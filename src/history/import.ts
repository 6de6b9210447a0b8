import type { z } from 'zod/mini';
import type { HistoryDatabase } from '@/src/history/history-db';
import { AppError } from '@/src/shared/errors';
import { PENDING_KEY, type ConversationRow, type HistoryMessage } from './rows';
import { ExportedAttachment, HistoryExport, type ExportedConversation } from './export-format';
import { checkAttachmentBytes, refOf } from './attachments';
import { AttachmentRef, type AttachmentRow } from '@/src/attachments/types';
import { fromBase64 } from '@/src/vault/encoding';
import { buildPending } from './build';
import { reindexStale } from './stale';
import { byStart, loadMessages } from './messages';
import { findRow, isValidRow } from './conversations';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { summarize } from './summary';
import { titleFrom } from './text';
import { claim, takenIds, type Ids } from './import-ids';

const CHUNK = 200;

function invalid(detail: Phrase): AppError {
  return new AppError('BACKUP_INVALID', phrase('error_historyImportInvalid', detail));
}

function parse(content: string): HistoryExport {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    throw invalid(phrase('error_historyImport_notJson'));
  }
  const parsed = HistoryExport.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // The place and what was expected there are technical (field paths, zod's expectation), not translated.
  throw invalid(issue ? phrase('error_historyImport_where', issue.path.join('.') || phrase('error_historyImport_theFile'), expectation(issue)) : phrase('error_historyImport_notFormat'));
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
    error: { kind: 'interrupted', phrase: phrase('answer_stillArriving'), retryable: true },
  };
}

/**
 * A message's content, ids left out (its attachments' too: a copy gives them new ones), keys in a
 * fixed order: equal for the same message stored and exported.
 */
function messageContent(message: HistoryMessage): string {
  const { id: _id, conversationId: _conversation, ...rest } = message;
  if ('attachments' in rest && rest.attachments) rest.attachments = rest.attachments.map(({ id: _file, ...ref }) => ref as AttachmentRef);
  return JSON.stringify(rest, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value,
  );
}

/**
 * What of `part` is not in `whole`, compared by content (an id may have been given anew by an
 * earlier import), each message of `whole` matching one of `part` at most.
 */
function missing<T>(whole: readonly string[], part: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const each of whole) counts.set(each, (counts.get(each) ?? 0) + 1);
  return part.filter((item) => {
    const found = counts.get(key(item)) ?? 0;
    if (found > 0) counts.set(key(item), found - 1);
    return found === 0;
  });
}

type Outcome = 'added' | 'present' | 'merged' | 'copied';

interface Chunk {
  rows: ConversationRow[];
  messages: HistoryMessage[];
  attachments: AttachmentRow[];
  /** Attachments of the file that failed their checks: skipped (their message is imported without them). */
  skipped: number;
  outcomes: { outcome: Outcome; title: string }[];
}

interface Ctx {
  ids: { conversations: Ids; messages: Ids; attachments: Ids };
  /** The history had conversations before this import: a copy of the file's may be among them. */
  hadConversations: boolean;
}

const bytesOf = (data: string, type: string): Blob => new Blob([fromBase64(data)], { type });

/** An attachment of the file as a row, if it passes every check (its ref, its base64, its size against the ref); else undefined. */
function attachmentRow(entry: unknown, id: string, conversationId: string, messageId: string, at: number): AttachmentRow | undefined {
  const parsed = ExportedAttachment.safeParse(entry);
  if (!parsed.success) return undefined;
  const { data, text, pageImages, messageId: _from, ...rest } = parsed.data;
  try {
    const row: AttachmentRow = { ...refOf(rest), id, conversationId, messageId, blob: bytesOf(data, rest.mime), createdAt: at };
    if (text !== undefined) row.text = text;
    if (pageImages?.length) row.pageImages = pageImages.map((page) => bytesOf(page, 'image/jpeg'));
    return checkAttachmentBytes(row) ? row : undefined;
  } catch {
    // Not base64.
    return undefined;
  }
}

/**
 * A message as imported with its files: each ref whose file passes its checks gets a free id and
 * a row; one whose file is damaged or absent is dropped from the message and counted.
 */
function withFiles(chunk: Chunk, message: HistoryMessage, files: ReadonlyMap<string, unknown>, ids: Ctx['ids'], at: number): HistoryMessage {
  if (message.role !== 'user' || !message.attachments?.length) return message;
  const refs: AttachmentRef[] = [];
  for (const ref of message.attachments) {
    const entry = files.get(ref.id);
    const checked = entry === undefined ? undefined : attachmentRow(entry, ref.id, message.conversationId, message.id, at);
    // The file must be the one the message names (same kind, type and size).
    if (!checked || checked.kind !== ref.kind || checked.mime !== ref.mime || checked.size !== ref.size) {
      chunk.skipped++;
      continue;
    }
    checked.id = claim(ids.attachments, ref.id);
    chunk.attachments.push(checked);
    refs.push({ ...ref, id: checked.id });
  }
  const { attachments: _all, ...rest } = message;
  return refs.length ? { ...rest, attachments: refs } : rest;
}

/** The file's attachments of a conversation, by id (each checked when its message is imported). */
function filesOf(record: Pick<ExportedConversation, 'attachments'>): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const entry of record.attachments ?? []) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && !files.has(id)) files.set(id, entry);
  }
  return files;
}

/** A conversation of the file as a new one: its id and its messages' ids kept where free. */
function addNew(chunk: Chunk, record: Omit<ExportedConversation, 'messages'>, list: readonly HistoryMessage[], ids: Ctx['ids'], outcome: Outcome, at: number): void {
  const id = claim(ids.conversations, record.id);
  const files = filesOf(record);
  const settledList = list.map((message) => withFiles(chunk, settled(message, id, claim(ids.messages, message.id)), files, ids, at)).sort(byStart);
  const firstQuestion = settledList.find((message) => message.role === 'user');
  const row: ConversationRow = { ...record, id, pending: 1 };
  if (!firstQuestion || titleFrom(firstQuestion.text) !== record.title) row.titleSet = true;
  chunk.rows.push(summarize(row, settledList));
  chunk.messages.push(...settledList);
  chunk.outcomes.push({ outcome, title: record.title });
}

/** The contents of a stored conversation's messages (damaged ones left out). */
async function storedContents(db: HistoryDatabase, conversationId: string): Promise<string[]> {
  return (await loadMessages(db, conversationId)).messages.map(messageContent);
}

/**
 * Compares each conversation of the chunk with the one of the same id here, and writes what is
 * missing, in one transaction:
 * - `present`: the one here holds every message of the file's (it may have more: it went on), or
 *   a copy made by an earlier import does; nothing is written;
 * - `merged`: the file's holds every message of the one here, and more: those are added to it;
 * - `copied`: they went apart since the export: the file's comes in beside it, as a new conversation;
 * - `added`: there is none here.
 * Written conversations are marked pending: they are indexed afterwards, a block at a time.
 */
async function importChunk(db: HistoryDatabase, chunk: readonly ExportedConversation[], ctx: Ctx, at: number): Promise<Chunk> {
  const { ids } = ctx;
  return db.transaction('rw', [db.messageRows, db.conversations, db.meta, db.attachments], async () => {
    const out: Chunk = { rows: [], messages: [], attachments: [], skipped: 0, outcomes: [] };
    for (const { messages: list, ...record } of chunk) {
      const file = list.map((message) => settled(message, record.id, message.id));
      const contents = file.map(messageContent);
      const known = ids.conversations.taken.has(record.id) || ids.conversations.used.has(record.id);
      const row = known ? await findRow(db, record.id) : undefined;
      if (isValidRow(row)) {
        const stored = await storedContents(db, row.id);
        if (missing(stored, contents, (each) => each).length === 0) {
          out.outcomes.push({ outcome: 'present', title: row.title });
          continue;
        }
        if (missing(contents, stored, (each) => each).length === 0) {
          const added = missing(stored, list, (message) => messageContent(settled(message, row.id, message.id)));
          const files = filesOf(record);
          out.messages.push(...added.map((message) => withFiles(out, settled(message, row.id, claim(ids.messages, message.id)), files, ids, at)));
          out.rows.push({ ...row, pending: 1 });
          out.outcomes.push({ outcome: 'merged', title: row.title });
          continue;
        }
      }
      // A copy an earlier import made (under a new id) has the file's start and last change times.
      const copy = ctx.hadConversations || known ? await copyHolding(db, { ...record, updatedAt: summarize({ ...record, pending: 1 }, file).updatedAt }, contents) : undefined;
      if (copy) {
        out.outcomes.push({ outcome: 'present', title: copy.title });
        continue;
      }
      // A damaged row of that id is never rewritten: the file's comes in beside it, under a new id.
      addNew(out, record, list, ids, isValidRow(row) ? 'copied' : 'added', at);
    }
    if (out.rows.length > 0) {
      await db.conversations.bulkPut(out.rows);
      await db.messageRows.bulkAdd(out.messages);
      if (out.attachments.length) await db.attachments.bulkAdd(out.attachments);
      await db.meta.put({ key: PENDING_KEY, value: 1 });
    }
    return out;
  });
}

/**
 * Another conversation started and last changed when `record` was that holds every message of
 * `contents` (and, for a conversation without messages, has its title): a copy of it.
 */
async function copyHolding(db: HistoryDatabase, record: Pick<ConversationRow, 'id' | 'title' | 'createdAt' | 'updatedAt'>, contents: readonly string[]): Promise<ConversationRow | undefined> {
  for (const candidate of await db.conversations.where('updatedAt').equals(record.updatedAt).toArray()) {
    if (candidate.id === record.id || candidate.createdAt !== record.createdAt || !isValidRow(candidate)) continue;
    if (contents.length === 0 && candidate.title !== record.title) continue;
    if (missing(await storedContents(db, candidate.id), contents, (each) => each).length === 0) return candidate;
  }
  return undefined;
}

export interface ImportCounts {
  /** Conversations that were not here, added. */
  added: number;
  /** Conversations already here with every message of the file: left as they are. */
  present: number;
  /** Titles of conversations here that the file continues: its new messages were added to them. */
  merged: string[];
  /** Titles of conversations that changed here since the export: the file's version was added as a copy. */
  copied: string[];
  /** Messages written. */
  messages: number;
  /** Attachments written. */
  attachments: number;
  /** Attachments of the file that were damaged (not base64, not the size or kind their message says, over the limits): skipped, the rest imported. */
  attachmentsSkipped: number;
}

/**
 * Writes what an export holds that this history does not, marked pending (not searchable until
 * `buildPending`). Never overwrites: a conversation already here is left as it is, continued with
 * the file's new messages, or kept beside the file's version (see importChunk); an id already
 * taken by another conversation or message gets a new one. The whole file is checked before
 * anything is written.
 */
export async function writeImport(db: HistoryDatabase, content: string, now: () => number): Promise<ImportCounts> {
  const file = parse(content);
  // Scanning first moves the stale scan past now: the imported answers, older, are never rescanned.
  await reindexStale(db, now);
  const ctx: Ctx = { ids: await takenIds(db, file), hadConversations: (await db.conversations.count()) > 0 };
  const counts: ImportCounts = { added: 0, present: 0, merged: [], copied: [], messages: 0, attachments: 0, attachmentsSkipped: 0 };
  const write = async (chunk: ExportedConversation[]) => {
    const done = await importChunk(db, chunk, ctx, now());
    counts.messages += done.messages.length;
    counts.attachments += done.attachments.length;
    counts.attachmentsSkipped += done.skipped;
    for (const { outcome, title } of done.outcomes) {
      if (outcome === 'added') counts.added++;
      else if (outcome === 'present') counts.present++;
      else counts[outcome].push(title);
    }
  };
  let chunk: ExportedConversation[] = [];
  for (const conversation of file.conversations) {
    // A conversation repeated in the file is compared with its first copy, once that is written.
    if (chunk.length >= CHUNK || chunk.some((each) => each.id === conversation.id)) {
      await write(chunk);
      chunk = [];
    }
    chunk.push(conversation);
  }
  if (chunk.length > 0) await write(chunk);
  return counts;
}

/** Adds the conversations of an export, then indexes them (an interrupted import is indexed the next time the history is read). */
export async function importJson(db: HistoryDatabase, content: string, now: () => number): Promise<ImportCounts> {
  const counts = await writeImport(db, content, now);
  await buildPending(db);
  return counts;
}
