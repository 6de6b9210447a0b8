import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentProblem, ReadAttachment } from '@/src/attachments/read-attachment';
import type { AttachmentSource } from '@/src/attachments/types';

/** One file on its way into the next message: read in the page, shown as a chip until sent or removed. */
export interface DraftAttachment {
  id: string;
  /** The name as chosen (the chip shows it while the file is read). */
  name: string;
  size: number;
  source: AttachmentSource;
  state: 'reading' | 'ready' | 'failed';
  problem?: AttachmentProblem;
  read?: ReadAttachment;
  /** An object URL of the re-encoded image (the thumbnail): revoked when the chip goes. */
  preview?: string;
}

/** What capture (and any other source) calls to add files to the next message. */
export type AddAttachments = (files: File[], source: AttachmentSource) => void;

export interface AttachmentsController {
  items: readonly DraftAttachment[];
  /** A sentence about files that were not added (over the per-message limit). */
  notice: string | undefined;
  addAttachments: AddAttachments;
  remove(id: string): void;
  /** Drops every chip (after Send). */
  clear(): void;
}

/**
 * The files attached to the next message, owned by the chat (the composer shows them, the chat's
 * drop zone and capture add to them). Files are read one after another in this page (the reading
 * code loads with the first file), so a second large photo does not double the memory, and a chip
 * removed while its file is read is dropped when the read ends.
 */
export function useAttachments(): AttachmentsController {
  const [items, setItems] = useState<DraftAttachment[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const itemsRef = useRef(items);
  const queue = useRef<Promise<void>>(Promise.resolve());

  // The ref is the list's one copy, changed at once (reads that finish check it before React renders).
  const update = useCallback((change: (current: DraftAttachment[]) => DraftAttachment[]) => {
    itemsRef.current = change(itemsRef.current);
    setItems(itemsRef.current);
  }, []);

  // The page's thumbnails go with it.
  useEffect(
    () => () => {
      for (const item of itemsRef.current) if (item.preview) URL.revokeObjectURL(item.preview);
    },
    [],
  );

  // The reading code (and the limit's words) load with the first file: a popup that never attaches does not read them.
  const addAttachments = useCallback<AddAttachments>(
    (files, source) =>
      void import('./attachment-intake').then(({ intake }) => {
        queue.current = intake(files, source, { current: () => itemsRef.current, update, setNotice, queue: queue.current });
      }),
    [update],
  );

  const remove = useCallback(
    (id: string) => {
      const gone = itemsRef.current.find((item) => item.id === id);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      setNotice(undefined);
      update((current) => current.filter((item) => item.id !== id));
    },
    [update],
  );

  const clear = useCallback(() => {
    for (const item of itemsRef.current) if (item.preview) URL.revokeObjectURL(item.preview);
    setNotice(undefined);
    update(() => []);
  }, [update]);

  return { items, notice, addAttachments, remove, clear };
}
