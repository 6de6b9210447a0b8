import { ATTACHMENT_LIMITS, type AttachmentSource } from '@/src/attachments/types';
import { readAttachment } from '@/src/attachments/read-attachment';
import { attachmentStrings } from './attachment-strings';
import type { DraftAttachment } from './use-attachments';

export interface IntakeContext {
  /** The chips now (the hook's one copy, changed at once). */
  current(): readonly DraftAttachment[];
  update(change: (current: DraftAttachment[]) => DraftAttachment[]): void;
  setNotice(notice: string | undefined): void;
  /** Reads still under way: the new files are read after them. */
  queue: Promise<void>;
}

/**
 * Takes files for the next message (use-attachments.ts): as many as the per-message limit leaves
 * room for (a sentence says how many were not added), each a chip at once, then read one after
 * another in this page. A chip removed while its file is read is dropped when the read ends.
 * Returns the new end of the queue.
 */
export function intake(files: readonly File[], source: AttachmentSource, context: IntakeContext): Promise<void> {
  const room = Math.max(0, ATTACHMENT_LIMITS.perMessage - context.current().length);
  const taken = files.slice(0, room);
  context.setNotice(files.length > taken.length ? attachmentStrings.tooMany(files.length - taken.length, ATTACHMENT_LIMITS.perMessage) : undefined);
  const added = taken.map((file): DraftAttachment => ({ id: crypto.randomUUID(), name: file.name || file.type, size: file.size, source, state: 'reading' }));
  if (added.length > 0) context.update((current) => [...current, ...added]);
  const present = (id: string) => context.current().some((item) => item.id === id);
  let queue = context.queue;
  added.forEach((item, index) => {
    const file = taken[index] as File;
    queue = queue.then(async () => {
      if (!present(item.id)) return;
      const result = await readAttachment(file, source, item.id).catch(() => ({ ok: false as const, problem: 'read-failed' as const }));
      if (!present(item.id)) return;
      const done: DraftAttachment = result.ok
        ? { ...item, name: result.attachment.ref.name, state: 'ready', read: result.attachment, ...(result.attachment.ref.kind === 'image' ? { preview: URL.createObjectURL(result.attachment.blob) } : {}) }
        : { ...item, state: 'failed', problem: result.problem };
      context.update((current) => current.map((candidate) => (candidate.id === item.id ? done : candidate)));
    });
  });
  return queue;
}
