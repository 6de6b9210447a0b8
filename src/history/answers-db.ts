import { phrase } from '@/src/shared/i18n/text';
import { openIdb, type IdbDatabase } from '@/src/platform/idb';
import type { AnswerRecord } from '@/src/chat/answer-record';
import type { AttachmentRow } from '@/src/attachments/types';
import { HISTORY_SCHEMA } from './history-schema';
import { upgradeToV2Native } from './migrate-v2';

type AnswerTables = { messages: { row: AnswerRecord; key: string }; attachments: { row: AttachmentRow; key: string } };

/**
 * The worker's handle on the history database: raw IndexedDB (no Dexie in the worker), over the
 * whole schema of history-schema.ts, since the worker may be the first to open it. It writes only
 * `messages`, the answers it streams, and reads `attachments`, the files a question sends.
 */
export type AnswersDatabase = IdbDatabase<AnswerTables>;

export function openAnswersDatabase(name = HISTORY_SCHEMA.name): AnswersDatabase {
  return openIdb<AnswerTables>({ ...HISTORY_SCHEMA, name }, { 2: upgradeToV2Native });
}

/** After a worker restart, an answer still marked streaming lost its stream: keep its text, mark it interrupted. */
export async function markOrphanedAnswersInterrupted(db: AnswersDatabase, now: number): Promise<number> {
  return db.messages.where('status').equals('streaming').modify({
    status: 'interrupted',
    updatedAt: now,
    error: {
      kind: 'interrupted',
      phrase: phrase('answer_interruptedRestart'),
      retryable: true,
    },
  });
}
