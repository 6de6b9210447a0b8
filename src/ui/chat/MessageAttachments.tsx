import { useEffect, useState } from 'react';
import type { AttachmentRef } from '@/src/attachments/types';
import { FileIcon, ImageIcon, PdfIcon } from '@/src/ui/shared/icons';
import { attachmentStrings, formatBytes } from './attachment-strings';
import { history } from './history-store';

interface Props {
  conversationId: string;
  refs: readonly AttachmentRef[];
}

/**
 * The files a question was sent with, under it: images as thumbnails (read from the history's
 * attachments store, shown through object URLs revoked when the message goes), other files as
 * chips with their name and size. A file whose bytes cannot be read is still named.
 */
export function MessageAttachments({ conversationId, refs }: Props) {
  const [previews, setPreviews] = useState<ReadonlyMap<string, string>>(new Map());
  const imageIds = refs.filter((ref) => ref.kind === 'image').map((ref) => ref.id);
  const key = imageIds.join(',');

  useEffect(() => {
    if (imageIds.length === 0) return undefined;
    let live = true;
    const made: string[] = [];
    void history()
      .getAttachments(conversationId, imageIds)
      .then((rows) => {
        if (!live) return;
        const next = new Map<string, string>();
        for (const row of rows) {
          const url = URL.createObjectURL(row.blob);
          made.push(url);
          next.set(row.id, url);
        }
        setPreviews(next);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
    // Keyed by the images' ids: the array is new on every render.
  }, [conversationId, key]);

  return (
    <ul className="message-attachments" aria-label={attachmentStrings.listLabel}>
      {refs.map((ref) => {
        const preview = previews.get(ref.id);
        const Icon = ref.kind === 'pdf' ? PdfIcon : ref.kind === 'image' ? ImageIcon : FileIcon;
        return (
          <li key={ref.id} className="attachment-chip" data-testid="message-attachment">
            {preview ? <img className="attachment-thumb" src={preview} alt={ref.name} /> : <Icon className="icon attachment-icon" aria-hidden="true" focusable="false" />}
            <div className="attachment-body">
              <span className="attachment-name" title={ref.name}>
                {ref.name}
              </span>
              <span className="attachment-details">{formatBytes(ref.size)}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
