import { lazy, Suspense, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { strings } from '@/src/ui/strings';
import type { UserItem } from './chat-items';
import { CopyButton } from './CopyButton';

/** Loaded with the first question that has files: a conversation without any does not read it. */
const MessageAttachments = lazy(() => import('./MessageAttachments').then((module) => ({ default: module.MessageAttachments })));

interface Props {
  item: UserItem;
  /** Present when the question may be edited and sent again now. */
  onEdit?: (text: string) => void;
}

/** A question, with Copy and Edit (edit and resend drops everything after it). */
export function UserMessageView({ item, onEdit }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(item.message.text);
  const { context } = item.message;
  const form = useRef<HTMLFormElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  // The edit box where the user looks: focused (which also stops the list sticking to its end) and
  // scrolled into view as a whole, text box and buttons.
  useEffect(() => {
    if (!editing) return;
    editor.current?.focus({ preventScroll: true });
    form.current?.scrollIntoView({ block: 'nearest' });
  }, [editing]);

  function save(event?: FormEvent) {
    event?.preventDefault();
    if (!draft.trim() || !onEdit) return;
    setEditing(false);
    onEdit(draft);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) save(event);
    else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
    }
  }

  return (
    <article className="message user" aria-label={strings.chat.you}>
      {editing ? (
        <form className="edit-form" ref={form} onSubmit={save}>
          <textarea ref={editor} aria-label={strings.chat.editLabel} value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} />
          <div className="message-actions">
            <button type="submit" className="primary" disabled={!draft.trim()}>
              {strings.chat.saveAndResend}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {strings.chat.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="user-text">{item.message.text}</p>
          {item.message.attachments && item.message.attachments.length > 0 && (
            <Suspense fallback={null}>
              <MessageAttachments conversationId={item.message.conversationId} refs={item.message.attachments} />
            </Suspense>
          )}
          {context && <p className="muted context-note">{strings.chat.contextAttached(context.title || context.url)}</p>}
          <div className="message-actions" role="group" aria-label={strings.chat.messageActions}>
            <CopyButton text={() => item.message.text} />
            {onEdit && (
              <button
                type="button"
                onClick={() => {
                  setDraft(item.message.text);
                  setEditing(true);
                }}
              >
                {strings.chat.edit}
              </button>
            )}
          </div>
        </>
      )}
    </article>
  );
}
