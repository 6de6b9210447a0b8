import { lazy, Suspense, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ReadAttachment } from '@/src/attachments/read-attachment';
import type { ChatTarget } from '@/src/chat/port-protocol';
import { IconButton } from '@/src/ui/shared/IconButton';
import { AttachIcon, SendIcon, StopIcon } from '@/src/ui/shared/icons';
import { Menu, type MenuEntry } from '@/src/ui/shared/Menu';
import { strings } from '@/src/ui/strings';
import type { AttachmentsController } from './use-attachments';
import type { AttachmentPlan } from './attachment-plan';
import type { ModelGroup } from './model-options';

/** The chips load with the first attachment: a popup that never attaches does not read them before its first paint. */
const AttachmentChips = lazy(() => import('./AttachmentChips').then((module) => ({ default: module.AttachmentChips })));

/** What the file picker offers (any file can still be chosen; the chip says when one cannot go). */
const ACCEPT = 'image/*,.pdf,text/*,.md,.csv,.json,.yaml,.yml,.xml,.log,.js,.ts,.tsx,.py,.go,.rs,.java,.c,.cpp,.cs,.rb,.php,.sh,.sql';

interface Props {
  /** Sends the text with the read attachments; resolves false when it was not sent (the text and the chips are kept). */
  onSend(text: string, attachments: ReadAttachment[]): Promise<boolean>;
  onStop(): void;
  streaming: boolean;
  /** A model is chosen and nothing else is under way. */
  canSend: boolean;
  autoFocus?: boolean;
  contextSlot?: ReactNode;
  /** The files going with the next message (the chat owns them: its drop zone adds to them too). */
  attachments: AttachmentsController;
  /** The chosen model's targets and the picker's choices: the chips estimate for the first target and name models that see. */
  targets: readonly ChatTarget[] | undefined;
  groups: readonly ModelGroup[];
  /**
   * More entries of the attach menu, after "Attach files…": the capture items ("Capture this tab",
   * "Capture a region"), which add what they capture to `attachments`.
   */
  attachMenuItems?: readonly MenuEntry[];
  /** Why the last capture gave nothing (or why a capture item cannot be used here), shown above the box. */
  captureNote?: string | undefined;
  /**
   * Shown above the box with the text being typed, and a way to change it: the collections an
   * "@name" being typed may name (src/ui/knowledge), picked by a click.
   */
  textAssist?: (text: string, setText: (next: string) => void) => ReactNode;
}

/** The box grows with its text up to this share of the window, then scrolls (the conversation keeps the rest). */
const MAX_HEIGHT_SHARE = 0.35;

/**
 * The message box: Enter sends, Shift+Enter adds a line, Esc stops a streaming answer. Send (Stop
 * while an answer streams) sits inside the box, and the box grows with its text. Files come in by
 * the attach menu, by pasting, or by dropping them on the chat; their chips sit above the box, and
 * a message goes only when every one of them can go (nothing typed is lost when it cannot).
 */
export function Composer({ onSend, onStop, streaming, canSend, autoFocus, contextSlot, attachments, targets, groups, attachMenuItems = [], captureNote, textAssist }: Props) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [hold, setHold] = useState<string | undefined>();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const { items, addAttachments } = attachments;
  // How each file goes to the model: the chips work it out (with the reading code, loaded with the first file).
  const [plans, setPlans] = useState<ReadonlyMap<string, AttachmentPlan>>(new Map());
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

  /** Why the message cannot go with its files now, if it cannot. */
  function holdReason(): string | undefined {
    if (items.some((item) => item.state === 'reading')) return strings.chat.attach.wait;
    if (items.some((item) => item.state === 'failed' || plans.get(item.id)?.delivery === 'unsupported')) return strings.chat.attach.blocked;
    return undefined;
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!ready) return;
    const reason = holdReason();
    setHold(reason);
    if (reason) return;
    setSending(true);
    try {
      if (await onSend(text, items.flatMap((item) => (item.read ? [item.read] : [])))) {
        setText('');
        attachments.clear();
      }
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

  // A pasted image or file becomes an attachment; text pastes as text (a copy from an office
  // program carries both: the text is what was meant).
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0 || event.clipboardData.types.includes('text/plain')) return;
    event.preventDefault();
    addAttachments(files, 'paste');
  }

  const entries: MenuEntry[] = [{ kind: 'item', id: 'files', label: strings.chat.attach.files, onSelect: () => picker.current?.click() }, ...attachMenuItems];
  const message = hold && holdReason() ? hold : (captureNote ?? attachments.notice);

  return (
    <form className="composer" onSubmit={(event) => void submit(event)}>
      {contextSlot}
      {items.length > 0 && (
        <Suspense fallback={null}>
          <AttachmentChips
            items={items}
            targets={targets}
            groups={groups}
            onPlans={setPlans}
            onRemove={(id) => {
              attachments.remove(id);
              textarea.current?.focus();
            }}
          />
        </Suspense>
      )}
      {textAssist?.(text, (next) => {
        setText(next);
        textarea.current?.focus();
      })}
      {message && (
        <p className="composer-note warning" role="status">
          {message}
        </p>
      )}
      {/* data-streaming draws the streaming indicator along the box's top edge (still, with reduced motion). */}
      <div className="composer-box" data-streaming={streaming || undefined}>
        <Menu label={strings.chat.attach.menu} entries={entries} className="composer-attach">
          <AttachIcon className="icon" aria-hidden="true" focusable="false" />
        </Menu>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          onChange={(event) => {
            addAttachments(Array.from(event.target.files ?? []), 'file');
            // The same file can be chosen again after its chip was removed.
            event.target.value = '';
          }}
        />
        <textarea
          ref={textarea}
          aria-label={strings.chat.messageLabel}
          placeholder={strings.chat.messagePlaceholder}
          value={text}
          rows={1}
          autoFocus={autoFocus}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
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
