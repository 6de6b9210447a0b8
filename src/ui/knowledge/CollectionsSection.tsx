import { useEffect, useId, useState, type FormEvent } from 'react';
import { createCollection, deleteCollection, deleteItem, NAME_MAX, renameCollection, type NameProblem } from '@/src/knowledge/collection-store';
import type { EmbeddingModelOption } from '@/src/knowledge/embed-client';
import type { CollectionRow, ItemRow } from '@/src/knowledge/knowledge-db';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import { addFiles, embeddingModels, reasonText, runIndex, useCollections, useIndexProgress, useItems, isRunning } from './collections-runner';
import { JOB_STALE_MS } from '@/src/knowledge/collection-index';
import { useJob } from './use-collections';
import { knowledgeStrings as words } from './strings';
import { useCostAsk } from './use-cost-ask';
import { AddFilesButton } from './AddFilesButton';
import './collections.css';


export function nameProblemText(problem: NameProblem): string {
  if (problem === 'empty') return words.nameEmpty;
  if (problem === 'too-long') return words.nameTooLong(String(NAME_MAX));
  return words.nameTaken;
}

const optionValue = (option: EmbeddingModelOption) => `${option.target.keyId ?? ''}\n${option.target.model}`;

/** The options page's Knowledge tab: make, rename and delete collections, add to them, and see each item's indexing. */
export function CollectionsSection() {
  const collections = useCollections();
  const headingId = useId();
  return (
    <section className="card collections" id="knowledge" aria-labelledby={headingId}>
      <h2 id={headingId}>{words.title}</h2>
      <p>{words.intro}</p>
      <NewCollectionForm />
      {collections && collections.length === 0 && <p className="muted">{words.empty}</p>}
      <ul className="collection-list">
        {collections?.map((collection) => (
          <li key={collection.id}>
            <CollectionCard collection={collection} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewCollectionForm() {
  const [options, setOptions] = useState<EmbeddingModelOption[] | undefined>();
  const [failed, setFailed] = useState(false);
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const nameId = useId();
  const modelId = useId();
  useEffect(() => {
    let live = true;
    embeddingModels().then(
      (found) => {
        if (!live) return;
        setOptions(found);
        setModel((current) => current || (found[0] ? optionValue(found[0]) : ''));
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const option = options?.find((candidate) => optionValue(candidate) === model);
    if (!option) return;
    const created = await createCollection(name, option.target);
    if (!created.ok) return setError(nameProblemText(created.problem));
    setError(undefined);
    setName('');
  }

  return (
    <form className="new-collection" onSubmit={(event) => void submit(event)} aria-label={words.newCollection}>
      <h3>{words.newCollection}</h3>
      {failed && <p className="error">{words.modelsFailed}</p>}
      {options && options.length === 0 && <p className="warning">{words.noModels}</p>}
      <label htmlFor={nameId}>{words.nameLabel}</label>
      <input id={nameId} value={name} maxLength={NAME_MAX + 10} onChange={(event) => setName(event.target.value)} autoComplete="off" />
      <label htmlFor={modelId}>{words.modelLabel}</label>
      <select id={modelId} value={model} onChange={(event) => setModel(event.target.value)} disabled={!options?.length}>
        {options?.map((option) => (
          <option key={optionValue(option)} value={optionValue(option)}>
            {option.label}
          </option>
        ))}
      </select>
      <p className="muted">{words.modelFixed}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={!options?.length}>
        {words.create}
      </button>
    </form>
  );
}

function CollectionCard({ collection }: { collection: CollectionRow }) {
  const items = useItems(collection.id);
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(collection.name);
  const [error, setError] = useState<string | undefined>();
  const [deleting, setDeleting] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  const { ask, dialog } = useCostAsk();
  const renameId = useId();

  async function rename(event: FormEvent) {
    event.preventDefault();
    const result = await renameCollection(collection.id, newName);
    if (!result.ok) return setError(nameProblemText(result.problem));
    setError(undefined);
    setRenaming(false);
  }

  async function add(files: File[]) {
    if (!files.length) return;
    setNotes([]);
    const report = await addFiles(collection, files, ask);
    setNotes(report.notes);
  }

  return (
    <article className="card collection" aria-label={words.collectionLabel(collection.name)}>
      <header className="collection-head">
        <h3>{collection.name}</h3>
        <span className="muted">{collection.target.model}</span>
      </header>
      {renaming ? (
        <form onSubmit={(event) => void rename(event)} className="collection-rename">
          <label htmlFor={renameId}>{words.renameLabel(collection.name)}</label>
          <input id={renameId} value={newName} onChange={(event) => setNewName(event.target.value)} autoComplete="off" autoFocus />
          <button type="submit" className="primary">
            {words.save}
          </button>
          <button type="button" onClick={() => setRenaming(false)}>
            {words.cancel}
          </button>
        </form>
      ) : null}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="muted">{words.itemCount(String(items?.length ?? 0))}</p>
      {items && items.length === 0 && <p className="muted">{words.noItems}</p>}
      <ItemList collectionId={collection.id} items={items ?? []} />
      <div className="actions">
        <AddFilesButton primary onFiles={(files) => void add(files)} />
        <button type="button" onClick={() => setRenaming(true)}>
          {words.rename}
        </button>
        <button type="button" className="danger" onClick={() => setDeleting(true)}>
          {words.delete}
        </button>
      </div>
      <div role="status" className="collection-notes">
        {notes.map((note) => (
          <p key={note} className="warning">
            {note}
          </p>
        ))}
      </div>
      {dialog}
      {deleting && (
        <ConfirmDialog
          title={words.delete}
          confirmLabel={words.delete}
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            void deleteCollection(collection.id);
          }}
        >
          <p>{words.deleteConfirm(collection.name)}</p>
        </ConfirmDialog>
      )}
    </article>
  );
}

/** Items with their status: ready, indexing with a progress bar, or stopped with the reason and Resume. */
export function ItemList({ collectionId, items, compact = false }: { collectionId: string; items: readonly ItemRow[]; compact?: boolean }) {
  const progress = useIndexProgress();
  const job = useJob(collectionId);
  // Another page or the hidden page (background-indexer.ts) is indexing this collection now: its items are not
  // stopped. This page may be waiting for the item's lock meanwhile (isRunning, no progress of its own yet).
  const elsewhere = job?.state === 'running' && Date.now() - job.updatedAt < JOB_STALE_MS ? job : undefined;
  return (
    <ul className="collection-items">
      {items.map((item) => {
        const local = progress.get(item.id);
        const remote = !local && item.status === 'indexing' && elsewhere ? { itemId: item.id, done: elsewhere.done, total: elsewhere.total } : undefined;
        const live = local ?? remote;
        const stopped = item.status === 'failed' || (item.status === 'indexing' && !live && !isRunning(item.id));
        return (
          <li key={item.id} className="collection-item" data-status={item.status} aria-label={item.title}>
            <span className="collection-item-title">{item.title}</span>
            {item.status === 'ready' && <span className="muted">{words.statusReady(String(item.chunkCount))}</span>}
            {live && (
              <span role="status" className="collection-progress">
                <progress max={live.total || 1} value={live.done} aria-label={words.progressLabel(item.title)} />
                <span>{words.statusIndexing(String(live.done), String(live.total))}</span>
              </span>
            )}
            {stopped && !live && <StoppedNote item={item} />}
            {!compact && (
              <span className="collection-item-actions">
                {stopped && !live && (
                  <button type="button" onClick={() => void runIndex(item.id)}>
                    {words.resume}
                  </button>
                )}
                <button type="button" aria-label={words.removeItemLabel(item.title)} disabled={!!live} onClick={() => void deleteItem(item.id)}>
                  {words.removeItem}
                </button>
              </span>
            )}
            {compact && stopped && !live && (
              <button type="button" onClick={() => void runIndex(item.id)}>
                {words.resume}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function StoppedNote({ item }: { item: ItemRow }) {
  const [done, setDone] = useState<number | undefined>();
  useEffect(() => {
    let live = true;
    void import('@/src/knowledge/collection-index').then(({ storedCount }) => storedCount(item.id).then((count) => live && setDone(count)));
    return () => {
      live = false;
    };
  }, [item.id, item.status]);
  return (
    <span role="alert" className="warning">
      {words.statusStopped(String(done ?? 0), String(item.chunkCount), reasonText(item.error))}
    </span>
  );
}
