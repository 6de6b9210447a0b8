import { useEffect, useId, useState } from 'react';
import { openExtensionPageInTab } from '@/src/platform/tabs';
import { readTab, requestSiteAccess, type ReadOutcome, type TabInfo } from '@/src/page/tab-reader';
import { strings } from '@/src/ui/strings';
import { addFiles, savePage, useCollections, useItems } from './collections-runner';
import { ItemList } from './CollectionsSection';
import { AddFilesButton } from './AddFilesButton';
import { knowledgeStrings as words } from './strings';
import { useCostAsk } from './use-cost-ask';
import './collections.css';

const pageWords = strings.pageContext;

/** Why a page could not be read, in the words "Use this page" uses (one reader, one set of rules). */
function unreadText(outcome: Exclude<ReadOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'blocked':
      return pageWords.blocked(outcome.site || pageWords.kindPage);
    case 'needs-access':
      return pageWords.needsAccess(outcome.site);
    case 'hidden':
      return pageWords.hiddenTab;
    case 'cannot-read':
      return pageWords.cannotRead;
    case 'empty':
      return pageWords.empty;
    default:
      return pageWords.failed;
  }
}

/**
 * The side panel's compact collections: "Save this page to a collection" (read with the same
 * reader and never-send list as "Use this page"), adding files, and the chosen collection's items
 * with their progress. Making, renaming and deleting are in the options page (Manage collections).
 */
export function CollectionsPanel({ tab, neverSend }: { tab: TabInfo | undefined; neverSend: readonly string[] }) {
  const collections = useCollections();
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState<{ text: string; error: boolean }[]>([]);
  const [access, setAccess] = useState<{ origin: string; site: string } | undefined>();
  const { ask, dialog } = useCostAsk();
  const headingId = useId();
  const selectId = useId();
  const collection = collections?.find((each) => each.id === chosen) ?? collections?.[0];
  useEffect(() => {
    if (collection && collection.id !== chosen) setChosen(collection.id);
  }, [collection, chosen]);

  async function save(target: TabInfo) {
    if (!collection) return;
    setBusy(true);
    setNotes([]);
    setAccess(undefined);
    try {
      const outcome = await readTab(target, neverSend);
      if (!outcome.ok) {
        if (outcome.reason === 'needs-access') setAccess({ origin: outcome.origin, site: outcome.site });
        setNotes([{ text: unreadText(outcome), error: true }]);
        return;
      }
      const report = await savePage(collection, outcome.extract, ask);
      setNotes([...report.notes.map((text) => ({ text, error: true })), ...report.items.map((item) => ({ text: words.saved(item.title, collection.name), error: false }))]);
    } finally {
      setBusy(false);
    }
  }

  async function allow() {
    if (!access || !tab) return;
    // First in the click: the browser shows its prompt only during a user gesture.
    const granted = await requestSiteAccess(access.origin);
    if (!granted) return setNotes([{ text: pageWords.accessDenied, error: true }]);
    await save(tab);
  }

  async function add(files: File[]) {
    if (!collection || !files.length) return;
    setBusy(true);
    try {
      const report = await addFiles(collection, files, ask);
      setNotes(report.notes.map((text) => ({ text, error: true })));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="collections-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{words.savePageHeading}</h3>
      {collections && collections.length === 0 && <p className="muted">{words.noCollections}</p>}
      {collection && (
        <>
          <label htmlFor={selectId}>{words.collectionPick}</label>
          <select id={selectId} value={collection.id} onChange={(event) => setChosen(event.target.value)}>
            {collections?.map((each) => (
              <option key={each.id} value={each.id}>
                {each.name}
              </option>
            ))}
          </select>
          <div className="actions">
            <button type="button" className="primary" disabled={busy || !tab} aria-busy={busy || undefined} onClick={() => tab && void save(tab)}>
              {busy ? words.saving : words.savePage}
            </button>
            <AddFilesButton disabled={busy} onFiles={(files) => void add(files)} />
            {access && (
              <button type="button" onClick={() => void allow()}>
                {pageWords.allowSite(access.site)}
              </button>
            )}
          </div>
          <CollectionItems collectionId={collection.id} />
        </>
      )}
      <div role="status" className="collection-notes">
        {notes.map((note) => (
          <p key={note.text} className={note.error ? 'warning' : 'success'}>
            {note.text}
          </p>
        ))}
      </div>
      <button type="button" className="link" onClick={() => void openExtensionPageInTab('/options.html#knowledge')}>
        {words.manage}
      </button>
      {dialog}
    </section>
  );
}

function CollectionItems({ collectionId }: { collectionId: string }) {
  const items = useItems(collectionId);
  return <ItemList collectionId={collectionId} items={items ?? []} compact />;
}
