import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { ConversationSummary, HistoryStore } from '@/src/history';
import { history } from '@/src/ui/chat/history-store';
import { strings } from '@/src/ui/strings';
import { meaningStrings } from '@/src/ui/knowledge/meaning-strings';
import { ConversationList } from './ConversationList';
import { ConversationRow, type RowActions } from './ConversationRow';
import { downloadText } from '@/src/ui/shared/download';
import { MIME, exportFileName } from './download';
import { errorText } from './error-text';
import { usePagedConversations } from './use-paged-conversations';
import { HistoryMeaning } from '@/src/ui/knowledge/HistoryMeaning';
import { useHistoryIndex } from '@/src/ui/knowledge/use-history-index';
import { searchByMeaning } from '@/src/ui/knowledge/search-by-meaning';
import './history.css';

const text = strings.history;
export const SEARCH_DEBOUNCE_MS = 150;
/** Longer by meaning: each search embeds the query (a paid call with most models). */
export const MEANING_DEBOUNCE_MS = 400;
const SEARCH_LIMIT = 50;

interface Props {
  /** Opens a conversation in the chat. */
  onOpen(id: string): void;
  /** Leaves the history (back to the chat); no button when absent. */
  onClose?: () => void;
  /** The store; the page's shared one by default. */
  store?: HistoryStore;
}

type SearchState = { query: string; results?: { conversation: ConversationSummary; snippet: string }[]; failed?: boolean };

/**
 * Every conversation, newest first (virtualised: thousands stay smooth), with search, rename,
 * delete, per-conversation export, and export / import of the whole history.
 */
export function HistoryView({ onOpen, onClose, store: given }: Props) {
  const store = useMemo(() => given ?? history(), [given]);
  const paged = usePagedConversations(store);
  const headingId = useId();
  const searchInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchState | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [importing, setImporting] = useState(false);
  const [revision, setRevision] = useState(0);
  const [byMeaning, setByMeaning] = useState(false);
  const job = useHistoryIndex();
  // Search by meaning needs an index with something in it; until then the words alone.
  const meaning = byMeaning && job?.target && job.done > 0 ? { target: job.target, model: job.model } : undefined;
  // The clock for "5 minutes ago", read again when the list changes.
  const now = useMemo(() => Date.now(), [paged.count, revision]);

  // Debounced search; a stale answer never replaces a newer one.
  useEffect(() => {
    const trimmed = query.trim();
    if (!trimmed) {
      setSearch(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setSearch((current) => ({ query: trimmed, ...(current?.query === trimmed && current.results ? { results: current.results } : {}) }));
      (meaning ? searchByMeaning(store, trimmed, meaning, SEARCH_LIMIT) : store.search(trimmed, { limit: SEARCH_LIMIT })).then(
        (results) => live && setSearch({ query: trimmed, results }),
        () => live && setSearch({ query: trimmed, failed: true }),
      );
    }, meaning ? MEANING_DEBOUNCE_MS : SEARCH_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, store, revision, meaning?.model]);

  const changed = () => {
    paged.reload();
    setRevision((value) => value + 1);
  };

  const fail = (reason: unknown, fallback: string = text.actionFailed) => {
    setStatus(undefined);
    setError(errorText(reason, fallback));
  };

  const actions: RowActions = {
    onOpen,
    async onRename(id, title) {
      setError(undefined);
      try {
        await store.rename(id, title);
        changed();
        return true;
      } catch (reason) {
        fail(reason);
        return false;
      }
    },
    async onDelete(id) {
      setError(undefined);
      try {
        await store.deleteConversation(id);
        changed();
        searchInput.current?.focus();
        return true;
      } catch (reason) {
        fail(reason);
        return false;
      }
    },
    onExport(conversation, kind) {
      setError(undefined);
      (kind === 'md' ? store.exportMarkdown(conversation.id) : store.exportJson(conversation.id)).then(
        (content) => downloadText(exportFileName(kind, conversation.title || text.untitled), content, MIME[kind]),
        (reason: unknown) => fail(reason),
      );
    },
  };

  function exportAll(kind: 'md' | 'json') {
    setError(undefined);
    (kind === 'md' ? store.exportMarkdown() : store.exportJson()).then(
      (content) => downloadText(exportFileName(kind), content, MIME[kind]),
      (reason: unknown) => fail(reason),
    );
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(undefined);
    setStatus(text.importing);
    setImporting(true);
    try {
      const counts = await store.importJson(await file.text());
      setStatus(text.imported(counts));
      changed();
    } catch (reason) {
      fail(reason, text.importFailed);
    } finally {
      setImporting(false);
    }
  }

  const searching = query.trim() !== '';
  return (
    <section className="history" aria-labelledby={headingId}>
      <div className="history-head">
        <h2 id={headingId}>{text.heading}</h2>
        {paged.count !== undefined && <span className="muted history-total">{text.total(paged.count)}</span>}
        {onClose && (
          <button type="button" onClick={onClose}>
            {text.close}
          </button>
        )}
      </div>
      <input
        ref={searchInput}
        type="search"
        className="history-search"
        aria-label={text.searchLabel}
        placeholder={text.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && query) {
            event.preventDefault();
            setQuery('');
          }
        }}
      />
      <label className="history-meaning-toggle">
        <input type="checkbox" checked={byMeaning} onChange={(event) => setByMeaning(event.target.checked)} /> {meaningStrings.toggle}
      </label>
      {byMeaning && job !== undefined && <HistoryMeaning job={job} />}
      <div className="history-tools" role="group" aria-label={text.toolsLabel}>
        <button type="button" onClick={() => exportAll('md')}>
          {text.exportAllMd}
        </button>
        <button type="button" onClick={() => exportAll('json')}>
          {text.exportAllJson}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={importing}>
          {text.importJson}
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" aria-label={text.importFile} hidden onChange={(event) => void onFile(event)} />
      </div>
      <div role="status" className="history-status">
        {status}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {searching ? (
        <SearchResults search={search} now={now} actions={actions} />
      ) : (
        <>
          {paged.error && (
            <p role="alert" className="error">
              {text.loadFailed}
            </p>
          )}
          {paged.count === 0 && <p className="muted">{text.empty}</p>}
          {paged.count !== undefined && paged.count > 0 && <ConversationList paged={paged} now={now} {...actions} />}
        </>
      )}
    </section>
  );
}

function SearchResults({ search, now, actions }: { search: SearchState | undefined; now: number; actions: RowActions }) {
  if (search?.failed) {
    return (
      <p role="alert" className="error">
        {text.searchFailed}
      </p>
    );
  }
  const results = search?.results;
  return (
    <div className="history-scroll">
      <p className="muted" aria-live="polite">
        {results === undefined ? text.searching : results.length === 0 ? text.noResults : text.resultsCount(results.length)}
      </p>
      {results && results.length > 0 && (
        <ul className="history-results" aria-label={text.resultsLabel}>
          {results.map(({ conversation, snippet }) => (
            <li key={conversation.id} className="history-result">
              <ConversationRow conversation={conversation} snippet={snippet} now={now} {...actions} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
