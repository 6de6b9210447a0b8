import type { CollectionRow } from '@/src/knowledge/knowledge-db';
import { knowledgeStrings as words } from './strings';
import { mentionSuggestions } from './use-collections';

/** The collections going with the next question, above the message box; × removes one. */
export function CollectionChips({ attached, onRemove }: { attached: readonly CollectionRow[]; onRemove(id: string): void }) {
  if (!attached.length) return null;
  return (
    <ul className="collection-chips" aria-label={words.sourcesLabel}>
      {attached.map((collection) => (
        <li key={collection.id} className="chip collection-chip" aria-label={words.chipLabel(collection.name)}>
          <span>@{collection.name}</span>
          <button type="button" className="chip-remove" aria-label={words.chipRemove(collection.name)} onClick={() => onRemove(collection.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** While "@…" is typed at the end of the text: the collections it may name, to pick with a click. */
export function MentionSuggestions({ text, collections, onPick }: { text: string; collections: readonly CollectionRow[]; onPick(collection: CollectionRow, partial: string): void }) {
  const found = mentionSuggestions(text, collections);
  if (!found) return null;
  return (
    <div className="mention-suggestions" role="group" aria-label={words.mentionLabel}>
      {found.matches.slice(0, 6).map((collection) => (
        <button
          key={collection.id}
          type="button"
          className="chip"
          // Keeps the focus in the message box.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(collection, found.partial)}
        >
          @{collection.name}
        </button>
      ))}
    </div>
  );
}
