import { useSyncExternalStore } from 'react';
import type { PageExtractResult } from '@/src/page/extract-result';
import { AppError } from '@/src/shared/errors';
import { formatUsd } from '@/src/shared/money';
import { formatNumber } from '@/src/shared/i18n/format';
import { addItem, charsToEmbed, indexItemExclusive, type IndexOutcome, type IndexProgress, type ItemSource } from '@/src/knowledge/collection-index';
import { pageForCollection, readFileForCollection, type IngestProblem, type IngestResult } from '@/src/knowledge/collection-ingest';
import { estimateEmbeddingCost, listEmbeddingModels, type EmbeddingModelOption } from '@/src/knowledge/embed-client';
import type { CollectionRow, ItemRow } from '@/src/knowledge/knowledge-db';
import { wakeBackgroundIndexer } from '@/src/knowledge/indexer-wake';
export { useCollections, useItems } from './use-collections';
import { knowledgeStrings as words } from './strings';

/**
 * The pages' side of adding to collections (options page and side panel): read, confirm the cost
 * with a paid model, store, then embed while showing progress. Indexing runs in the page that
 * started it (and in the hidden page once it closes: src/knowledge/background-indexer.ts); its
 * progress lives here (one owner) and the rows (status, counts) in the database, which every page watches.
 */

const running = new Map<string, Promise<IndexOutcome>>();
let progress: ReadonlyMap<string, IndexProgress> = new Map();
const listeners = new Set<() => void>();

function setProgress(update: IndexProgress | { itemId: string; clear: true }) {
  const next = new Map(progress);
  if ('clear' in update) next.delete(update.itemId);
  else next.set(update.itemId, update);
  progress = next;
  for (const listener of listeners) listener();
}

/** Progress of the items this page is indexing now. */
export function useIndexProgress(): ReadonlyMap<string, IndexProgress> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => progress,
  );
}

/**
 * Embeds an item's missing chunks (a second call while it runs joins the first), under the item's
 * lock; the hidden page is woken to queue for it too and goes on if this page closes.
 */
export function runIndex(itemId: string): Promise<IndexOutcome> {
  const current = running.get(itemId);
  if (current) return current;
  const run = indexItemExclusive(itemId, { onProgress: setProgress }).finally(() => {
    running.delete(itemId);
    setProgress({ itemId, clear: true });
  });
  running.set(itemId, run);
  wakeBackgroundIndexer();
  return run;
}

export const isRunning = (itemId: string): boolean => running.has(itemId);

/** Asks the user to go ahead with the cost; resolves false to add nothing. */
export type CostAsk = (question: string) => Promise<boolean>;

export function problemText(problem: IngestProblem, name: string): string {
  switch (problem) {
    case 'too-large':
      return words.problemTooLarge(name);
    case 'unsupported':
      return words.problemUnsupported(name);
    case 'pdf-encrypted':
      return words.problemPdfEncrypted(name);
    case 'pdf-damaged':
      return words.problemPdfDamaged(name);
    case 'pdf-scanned':
      return words.problemPdfScanned(name);
    case 'binary':
      return words.problemBinary(name);
    case 'empty':
      return words.problemEmpty(name);
    default:
      return words.problemReadFailed(name);
  }
}

/** Why an item stopped, in words, from the code stored on it. */
export function reasonText(code: string | undefined): string {
  switch (code) {
    case 'STORAGE_FULL':
      return words.reasonDiskFull;
    case 'PROVIDER_ERROR':
    case 'THROTTLED':
      return words.reasonProvider;
    case 'VAULT_LOCKED':
      return words.reasonLocked;
    case 'BUDGET_EXCEEDED':
      return words.reasonBudget;
    case 'CANCELLED':
      return words.reasonCancelled;
    default:
      return words.reasonOther;
  }
}

let models: Promise<EmbeddingModelOption[]> | undefined;
/** The embedding models on offer (asked once per page; a failure asks again next time). */
export function embeddingModels(): Promise<EmbeddingModelOption[]> {
  const asked =
    models ??
    listEmbeddingModels().catch((caught: unknown) => {
      models = undefined;
      throw caught;
    });
  models = asked;
  return asked;
}

/** With a paid model, asks before anything is stored or sent; true to go ahead. */
async function confirmCost(collection: CollectionRow, sources: readonly ItemSource[], ask: CostAsk): Promise<boolean> {
  const option = (await embeddingModels().catch(() => [])).find((candidate) => candidate.target.keyId === collection.target.keyId && candidate.target.model === collection.target.model);
  if (!option || option.local || !option.pricePer1MInputUsd) return true;
  const chars = sources.reduce((sum, source) => sum + charsToEmbed(source.title, source.chunks), 0);
  const { tokens, usd } = estimateEmbeddingCost(option, chars);
  if (!usd) return true;
  return ask(words.costConfirm(formatNumber(tokens), option.label, formatUsd(usd)));
}

export interface AddReport {
  /** What went wrong or was cut, one sentence each (nothing else lost). */
  notes: string[];
  items: ItemRow[];
}

/** Stores what was read and starts indexing each; a full disk stops the rest (said once). */
async function store(collection: CollectionRow, read: readonly { name: string; result: IngestResult }[], ask: CostAsk): Promise<AddReport> {
  const notes: string[] = [];
  const good: { name: string; source: ItemSource }[] = [];
  for (const { name, result } of read) {
    if (!result.ok) notes.push(problemText(result.problem, name));
    else {
      if (result.truncated) notes.push(words.truncated(name));
      good.push({ name, source: result.source });
    }
  }
  const items: ItemRow[] = [];
  if (!good.length || !(await confirmCost(collection, good.map((entry) => entry.source), ask))) return { notes, items };
  for (const { source } of good) {
    try {
      const item = await addItem(collection.id, source);
      items.push(item);
      void runIndex(item.id);
    } catch (caught) {
      notes.push(caught instanceof AppError ? caught.message : words.reasonOther);
      if (caught instanceof AppError && caught.code === 'STORAGE_FULL') break;
    }
  }
  return { notes, items };
}

/** Adds PDFs, text and Markdown files: each read in the page (pdf.js for PDFs), a bad one said and skipped. */
export async function addFiles(collection: CollectionRow, files: readonly File[], ask: CostAsk): Promise<AddReport> {
  const { readPdf } = await import('@/src/attachments/pdf-loader');
  const read: { name: string; result: IngestResult }[] = [];
  for (const file of files) read.push({ name: file.name, result: await readFileForCollection(file, readPdf) });
  return store(collection, read, ask);
}

/** "Save this page to a collection": the page as "Use this page" read it. */
export function savePage(collection: CollectionRow, extract: PageExtractResult, ask: CostAsk): Promise<AddReport> {
  return store(collection, [{ name: extract.title || extract.url, result: pageForCollection(extract) }], ask);
}
