import { useEffect, useImperativeHandle, useState, type Ref } from 'react';
import type { KnowledgeContext } from '@/src/knowledge/collection-context';
import { AppError } from '@/src/shared/errors';
import type { MenuEntry } from '@/src/ui/shared/Menu';
import { mentionSuggestions } from './mentions';
import { knowledgeStrings as words } from './strings';
import { useAttachedCollections } from './use-attached-collections';
import './collections.css';

/** What the chat asks of its collections when sending. */
export interface ChatKnowledgeHandle {
  /**
   * The excerpts of the collections the question goes with (attached, or named with "@"): undefined
   * when none; false when they could not be searched (the note says why; nothing is sent).
   */
  excerptsFor(text: string): Promise<KnowledgeContext | undefined | false>;
}

interface Props {
  ref: Ref<ChatKnowledgeHandle>;
  /** The text being typed, and a way to change it (a picked "@name" completes it). */
  text: string;
  setText(next: string): void;
  /** The attach menu's entries for the collections ("Attach collection …"), after a separator. */
  onMenuEntries(entries: MenuEntry[]): void;
}

/**
 * Collections in any chat (issue 19): the chips of those attached, the collections an "@…" being
 * typed may name, and the search before a question goes (collection-retrieve.ts, loaded then).
 * Loaded after the chat's first paint; the chat sends without it until then.
 */
export function ChatKnowledge({ ref, text, setText, onMenuEntries }: Props) {
  const { collections, attached, attach, detach, forQuestion } = useAttachedCollections();
  const [note, setNote] = useState<string | undefined>();

  useImperativeHandle(
    ref,
    () => ({
      async excerptsFor(question: string) {
        const chosen = forQuestion(question);
        if (!chosen.length) return undefined;
        setNote(words.retrieving);
        try {
          const { retrieve } = await import('@/src/knowledge/collection-retrieve');
          const found = await retrieve(chosen, question);
          setNote(undefined);
          return found;
        } catch (caught) {
          setNote(words.retrieveFailed(caught instanceof AppError ? caught.message : ''));
          return false;
        }
      },
    }),
    [forQuestion],
  );

  useEffect(() => {
    onMenuEntries(
      collections?.length
        ? [{ kind: 'separator', id: 'collections' }, ...collections.map((collection): MenuEntry => ({ kind: 'item', id: `collection-${collection.id}`, label: words.attachMenu(collection.name), onSelect: () => attach(collection.id) }))]
        : [],
    );
  }, [collections, attach, onMenuEntries]);

  const found = collections?.length ? mentionSuggestions(text, collections) : undefined;
  return (
    <>
      {attached.length > 0 && (
        <ul className="collection-chips" aria-label={words.sourcesLabel}>
          {attached.map((collection) => (
            <li key={collection.id} className="chip collection-chip" aria-label={words.chipLabel(collection.name)}>
              <span>@{collection.name}</span>
              <button type="button" className="chip-remove" aria-label={words.chipRemove(collection.name)} onClick={() => detach(collection.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {found && (
        <div className="mention-suggestions" role="group" aria-label={words.mentionLabel}>
          {found.matches.slice(0, 6).map((collection) => (
            <button
              key={collection.id}
              type="button"
              className="chip"
              // Keeps the focus in the message box.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                attach(collection.id);
                setText(`${text.slice(0, text.length - found.partial.length)}${collection.name} `);
              }}
            >
              @{collection.name}
            </button>
          ))}
        </div>
      )}
      {note && (
        <p className="composer-note warning" role="status">
          {note}
        </p>
      )}
    </>
  );
}
