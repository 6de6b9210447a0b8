import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '@/src/history';
import { strings } from '@/src/ui/strings';
import { absoluteTime, relativeTime } from '@/src/ui/shared/format-time';

const text = strings.history;

export interface RowActions {
  onOpen(id: string): void;
  onRename(id: string, title: string): Promise<boolean>;
  onDelete(id: string): Promise<boolean>;
  onExport(conversation: ConversationSummary, kind: 'md' | 'json'): void;
}

interface Props extends RowActions {
  conversation: ConversationSummary;
  /** A search snippet, shown instead of the preview (plain text). */
  snippet?: string;
  now: number;
}

/** One conversation: open it, rename it inline, delete it (after a confirmation), export it. */
export function ConversationRow({ conversation, snippet, now, onOpen, onRename, onDelete, onExport }: Props) {
  const title = conversation.title || text.untitled;
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [draft, setDraft] = useState(title);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<'rename' | 'delete' | undefined>(undefined);

  useEffect(() => {
    if (mode === 'rename') input.current?.select();
    if (mode === 'confirm') confirmButton.current?.focus();
    if (mode === 'view' && returnFocus.current) {
      (returnFocus.current === 'rename' ? renameButton : deleteButton).current?.focus();
      returnFocus.current = undefined;
    }
  }, [mode]);

  const back = (to: 'rename' | 'delete') => {
    returnFocus.current = to;
    setMode('view');
  };

  async function submitRename(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const ok = await onRename(conversation.id, draft.trim());
    setBusy(false);
    if (ok) back('rename');
  }

  async function confirmDelete() {
    setBusy(true);
    const ok = await onDelete(conversation.id);
    setBusy(false);
    if (!ok) back('delete');
  }

  const onEscape = (to: 'rename' | 'delete') => (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      back(to);
    }
  };

  const body = snippet ?? conversation.preview;
  const bodyId = useId();
  return (
    <div className="history-row">
      {mode === 'rename' ? (
        <form className="history-rename" onSubmit={(event) => void submitRename(event)} onKeyDown={onEscape('rename')}>
          <input ref={input} aria-label={text.newTitle} value={draft} maxLength={200} onChange={(event) => setDraft(event.target.value)} disabled={busy} />
          <button type="submit" disabled={busy}>
            {text.save}
          </button>
          <button type="button" onClick={() => back('rename')} disabled={busy}>
            {text.cancel}
          </button>
        </form>
      ) : (
        <>
          <span className="history-title-line">
            <button type="button" className="history-open" aria-describedby={body ? bodyId : undefined} onClick={() => onOpen(conversation.id)}>
              {title}
            </button>
            <time className="history-time" dateTime={new Date(conversation.updatedAt).toISOString()} title={absoluteTime(conversation.updatedAt)}>
              {relativeTime(conversation.updatedAt, now)}
            </time>
          </span>
          {body && (
            <span id={bodyId} className={snippet === undefined ? 'history-preview' : 'history-snippet'}>
              {body}
            </span>
          )}
        </>
      )}
      {mode === 'confirm' ? (
        <div className="history-confirm" role="group" aria-label={text.confirmDelete(title)} onKeyDown={onEscape('delete')}>
          <span>{text.confirmDeleteShort}</span>
          <button type="button" ref={confirmButton} className="danger" onClick={() => void confirmDelete()} disabled={busy}>
            {text.confirmDeleteButton}
          </button>
          <button type="button" onClick={() => back('delete')} disabled={busy}>
            {text.cancel}
          </button>
        </div>
      ) : (
        mode === 'view' && (
          <div className="history-actions" role="group" aria-label={text.actionsLabel(title)}>
            <button
              type="button"
              ref={renameButton}
              aria-label={text.renameLabel(title)}
              onClick={() => {
                setDraft(title);
                setMode('rename');
              }}
            >
              {text.rename}
            </button>
            <button type="button" ref={deleteButton} aria-label={text.deleteLabel(title)} onClick={() => setMode('confirm')}>
              {text.delete}
            </button>
            <button type="button" aria-label={text.exportMdLabel(title)} onClick={() => onExport(conversation, 'md')}>
              {text.exportMd}
            </button>
            <button type="button" aria-label={text.exportJsonLabel(title)} onClick={() => onExport(conversation, 'json')}>
              {text.exportJson}
            </button>
          </div>
        )
      )}
    </div>
  );
}
