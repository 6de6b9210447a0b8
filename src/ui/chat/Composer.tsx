import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { IconButton } from '@/src/ui/shared/IconButton';
import { SendIcon, StopIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';

interface Props {
  /** Sends the text; resolves false when it was not sent (the text is kept). */
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  streaming: boolean;
  /** A model is chosen and nothing else is under way. */
  canSend: boolean;
  autoFocus?: boolean;
  contextSlot?: ReactNode;
}

/** The box grows with its text up to this share of the window, then scrolls (the conversation keeps the rest). */
const MAX_HEIGHT_SHARE = 0.35;

/**
 * The message box: Enter sends, Shift+Enter adds a line, Esc stops a streaming answer. Send (Stop
 * while an answer streams) sits inside the box, and the box grows with its text.
 */
export function Composer({ onSend, onStop, streaming, canSend, autoFocus, contextSlot }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [stopping, setStopping] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const ready = canSend && !streaming && !sending && text.trim().length > 0;

  if (!streaming && stopping) setStopping(false);

  // Fit the box to its text before paint: measured from scratch each time, so it shrinks too.
  useLayoutEffect(() => {
    const box = textarea.current;
    if (!box) return;
    box.style.height = 'auto';
    const max = Math.max(80, Math.round(window.innerHeight * MAX_HEIGHT_SHARE));
    box.style.height = `${Math.min(box.scrollHeight + (box.offsetHeight - box.clientHeight), max)}px`;
    box.style.overflowY = box.scrollHeight > max ? 'auto' : 'hidden';
  }, [text]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!ready) return;
    setSending(true);
    try {
      if (await onSend(text)) setText('');
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  }

  function stop() {
    setStopping(true);
    onStop();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && streaming) {
      event.preventDefault();
      stop();
    }
  }

  return (
    <form className="composer" onSubmit={(event) => void submit(event)}>
      {contextSlot}
      {/* data-streaming draws the streaming indicator along the box's top edge (still, with reduced motion). */}
      <div className="composer-box" data-streaming={streaming || undefined}>
        <textarea
          ref={textarea}
          aria-label={strings.chat.messageLabel}
          placeholder={strings.chat.messagePlaceholder}
          value={text}
          rows={1}
          autoFocus={autoFocus}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <IconButton icon={StopIcon} label={stopping ? strings.chat.stopping : strings.chat.stop} className="composer-action danger" onClick={stop} disabled={stopping} aria-busy={stopping || undefined} />
        ) : (
          <IconButton icon={SendIcon} label={strings.chat.send} type="submit" className="composer-action primary" disabled={!ready} aria-busy={sending || undefined} />
        )}
      </div>
    </form>
  );
}
