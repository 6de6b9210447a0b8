import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractPdf } from '@/src/attachments/pdf';
import type { KnowledgeDatabase } from '@/src/knowledge/knowledge-db';
import { createCollection, deleteCollection, deleteItem, listCollections, renameCollection, spaceOf } from '@/src/knowledge/collection-store';
import { addItem, indexItem, type ItemSource } from '@/src/knowledge/collection-index';
import { readFileForCollection, pageForCollection } from '@/src/knowledge/collection-ingest';
import { retrieve } from '@/src/knowledge/collection-retrieve';
import { chunkMarkdown } from '@/src/knowledge/chunk';
import { countVectors, hasVectors } from '@/src/knowledge/vector-store';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import { makePdf } from '../../fixtures/make-pdf';
import { MOCK_EMBEDDING_DIMS, mockEmbedding } from '../../fixtures/mock-embeddings';
import { freshKnowledge, inProcessSearchWorker, settle } from './helpers';

pdfjs.GlobalWorkerOptions.workerSrc = new URL('../../../node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs', import.meta.url).href;
const lib = pdfjs as unknown as typeof import('pdfjs-dist');
const nodeReadPdf = (file: Blob, limits: Parameters<typeof extractPdf>[2] = {}) => file.arrayBuffer().then((bytes) => extractPdf(new Uint8Array(bytes), lib, limits));

/** An embedding call that records what it was asked, failing on the calls listed. */
function mockEmbed(failOn: number[] = []) {
  const calls: string[][] = [];
  const embed = vi.fn(async (_target: unknown, texts: string[]) => {
    calls.push(texts);
    if (failOn.includes(calls.length)) throw new AppError('PROVIDER_ERROR', phrase('genericError'));
    return { vectors: texts.map((text) => mockEmbedding(text)), dims: MOCK_EMBEDDING_DIMS, inputTokens: 0, costUsd: null };
  });
  return { embed, calls };
}

const target = { keyId: 'key-1', model: 'text-embedding-3-small' };
let db: KnowledgeDatabase;
let worker: ReturnType<typeof inProcessSearchWorker>;
beforeEach(() => {
  db = freshKnowledge();
  worker = inProcessSearchWorker(db);
});
afterEach(() => worker.stop());

function markdownSource(sections: number, title = 'Guide'): ItemSource {
  const text = Array.from({ length: sections }, (_, index) => `# Section ${index}\nTopic${index} paragraph about subject${index}.`).join('\n');
  return { kind: 'markdown', title, fileName: `${title}.md`, blob: new Blob([text]), chunks: chunkMarkdown(text) };
}

async function newCollection(name = 'Docs') {
  const made = await createCollection(name, target);
  if (!made.ok) throw new Error(made.problem);
  return made.value;
}

describe('collections', () => {
  test('create, rename and list; names are trimmed, unique whatever their case, not empty', async () => {
    const docs = await newCollection('  Work   notes ');
    expect(docs.name).toBe('Work notes');
    expect(docs.model).toBe('key-1/text-embedding-3-small');
    expect(await createCollection('work NOTES', target)).toEqual({ ok: false, problem: 'taken' });
    expect(await createCollection('   ', target)).toEqual({ ok: false, problem: 'empty' });
    await newCollection('Alpha');
    expect(await renameCollection(docs.id, 'alpha')).toEqual({ ok: false, problem: 'taken' });
    expect(await renameCollection(docs.id, 'Zed')).toEqual({ ok: true, value: 'Zed' });
    expect((await listCollections()).map((row) => row.name)).toEqual(['Alpha', 'Zed']);
  });

  test('an item is embedded in batches with progress, ready at the end, its job counting every chunk once', async () => {
    const docs = await newCollection();
    const item = await addItem(docs.id, markdownSource(10));
    const { embed, calls } = mockEmbed();
    const progress: number[] = [];
    const outcome = await indexItem(item.id, { embed, batch: 4, onProgress: (step) => progress.push(step.done) });
    expect(outcome.ok).toBe(true);
    expect(calls.map((texts) => texts.length)).toEqual([4, 4, 2]);
    // The heading path goes into what is embedded.
    expect(calls[0]![0]).toBe('Guide > Section 0\n\nTopic0 paragraph about subject0.');
    expect(progress).toEqual([0, 4, 8, 10]);
    expect((await db.items.get(item.id))?.status).toBe('ready');
    expect(await countVectors(spaceOf(docs.id), docs.model)).toBe(10);
    expect(await db.jobs.get(`collection:${docs.id}`)).toMatchObject({ state: 'done', done: 10, total: 10 });
  });

  test('while indexing, the job row says how far it is after each batch (what other pages show)', async () => {
    const docs = await newCollection();
    const item = await addItem(docs.id, markdownSource(10));
    const seen: unknown[] = [];
    const { embed } = mockEmbed();
    const watching = vi.fn(async (...args: Parameters<typeof embed>) => {
      seen.push(await db.jobs.get(`collection:${docs.id}`));
      return embed(...args);
    });
    await indexItem(item.id, { embed: watching, batch: 4 });
    expect(seen.map((job) => (job as { state: string; done: number }) && [(job as { state: string }).state, (job as { done: number }).done])).toEqual([
      ['running', 0],
      ['running', 4],
      ['running', 8],
    ]);
  });

  test('a provider failing halfway: the item stops with its code, keeps what was stored, and Resume embeds only the rest', async () => {
    const docs = await newCollection();
    const item = await addItem(docs.id, markdownSource(10));
    const failing = mockEmbed([2]);
    const first = await indexItem(item.id, { embed: failing.embed, batch: 4 });
    expect(first).toMatchObject({ ok: false, code: 'PROVIDER_ERROR' });
    expect(await db.items.get(item.id)).toMatchObject({ status: 'failed', error: 'PROVIDER_ERROR' });
    expect(await countVectors(spaceOf(docs.id), docs.model)).toBe(4);
    expect(await db.jobs.get(`collection:${docs.id}`)).toMatchObject({ state: 'failed', done: 4, total: 10 });

    const working = mockEmbed();
    const resumed = await indexItem(item.id, { embed: working.embed, batch: 4 });
    expect(resumed.ok).toBe(true);
    // Only the six chunks without a vector were sent again: nothing embedded (or paid) twice.
    expect(working.calls.flat()).toHaveLength(6);
    expect(working.calls.flat().some((text) => text.includes('subject0.'))).toBe(false);
    expect(await countVectors(spaceOf(docs.id), docs.model)).toBe(10);
    expect(await db.jobs.get(`collection:${docs.id}`)).toMatchObject({ state: 'done', done: 10, total: 10 });
  });

  test('a full disk while storing vectors: a clear code, and the collection answers from what was stored', async () => {
    const docs = await newCollection();
    const item = await addItem(docs.id, markdownSource(8));
    const realBulkPut = db.vectors.bulkPut.bind(db.vectors);
    let puts = 0;
    vi.spyOn(db.vectors, 'bulkPut').mockImplementation(((...args: Parameters<typeof realBulkPut>) => {
      puts++;
      if (puts === 2) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      return realBulkPut(...args);
    }) as typeof realBulkPut);
    const outcome = await indexItem(item.id, { embed: mockEmbed().embed, batch: 4 });
    expect(outcome).toMatchObject({ ok: false, code: 'STORAGE_FULL' });
    expect(await db.items.get(item.id)).toMatchObject({ status: 'failed', error: 'STORAGE_FULL' });
    await settle();
    const found = await retrieve([docs], 'topic2 subject2', { embed: mockEmbed().embed, k: 3 });
    expect(found.sources[0]).toMatchObject({ n: 1, itemId: item.id, headingPath: ['Section 2'] });
  });

  test('a full disk while adding: nothing of the item is kept, the rest of the collection is untouched', async () => {
    const docs = await newCollection();
    const kept = await addItem(docs.id, markdownSource(2, 'Kept'));
    vi.spyOn(db.chunks, 'bulkAdd').mockRejectedValueOnce(new DOMException('full', 'QuotaExceededError'));
    const adding = addItem(docs.id, markdownSource(3, 'Big'));
    await expect(adding).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    expect((await db.items.toArray()).map((row) => row.id)).toEqual([kept.id]);
    expect(await db.files.count()).toBe(1);
    expect(await db.chunks.count()).toBe(2);
  });

  test('deleting a collection deletes its items, chunks, files, job and vectors, and nothing of another', async () => {
    const docs = await newCollection('Docs');
    const other = await newCollection('Other');
    const item = await addItem(docs.id, markdownSource(3));
    const otherItem = await addItem(other.id, markdownSource(2));
    await indexItem(item.id, { embed: mockEmbed().embed });
    await indexItem(otherItem.id, { embed: mockEmbed().embed });
    await deleteCollection(docs.id);
    expect(await db.collections.get(docs.id)).toBeUndefined();
    expect(await db.items.where('collectionId').equals(docs.id).count()).toBe(0);
    expect(await db.chunks.where('collectionId').equals(docs.id).count()).toBe(0);
    expect(await db.files.get(item.id)).toBeUndefined();
    expect(await db.jobs.get(`collection:${docs.id}`)).toBeUndefined();
    expect(await db.vectors.where('space').equals(spaceOf(docs.id)).count()).toBe(0);
    expect(await countVectors(spaceOf(other.id), other.model)).toBe(2);
    expect(await db.chunks.where('collectionId').equals(other.id).count()).toBe(2);
  });

  test('deleting an item deletes its chunks, file and vectors', async () => {
    const docs = await newCollection();
    const item = await addItem(docs.id, markdownSource(3));
    await indexItem(item.id, { embed: mockEmbed().embed });
    await deleteItem(item.id);
    expect(await db.chunks.count()).toBe(0);
    expect(await db.files.count()).toBe(0);
    expect((await hasVectors(spaceOf(docs.id), docs.model, [`${item.id}:0`])).size).toBe(0);
  });
});

describe('retrieval', () => {
  test('the question is embedded once per model, the nearest chunks come back numbered with their place', async () => {
    const docs = await newCollection('Docs');
    const pdfs = await createCollection('Papers', { keyId: null, model: 'local-embed' });
    if (!pdfs.ok) throw new Error('not made');
    const guide = await addItem(docs.id, markdownSource(6));
    const paper: ItemSource = { kind: 'pdf', title: 'Paper', fileName: 'paper.pdf', blob: new Blob(['%PDF']), chunks: [{ text: 'Zebras graze quietly.', headingPath: [], page: 7, start: 0, end: 21 }] };
    const paperItem = await addItem(pdfs.value.id, paper);
    await indexItem(guide.id, { embed: mockEmbed().embed });
    await indexItem(paperItem.id, { embed: mockEmbed().embed });
    await settle();
    const query = mockEmbed();
    const found = await retrieve([docs, pdfs.value], 'where do zebras graze', { embed: query.embed, k: 2 });
    expect(query.calls).toHaveLength(2);
    expect(found.collections.map((collection) => collection.name)).toEqual(['Docs', 'Papers']);
    expect(found.sources[0]).toMatchObject({ n: 1, kind: 'pdf', page: 7, title: 'Paper', text: 'Zebras graze quietly.' });
    expect(found.sources.map((source) => source.n)).toEqual([1, 2]);
  });
});

describe('reading what is added', () => {
  test('a PDF is read by page: each chunk knows its page', async () => {
    const file = new File([Buffer.from(makePdf([['Alpha page words here.'], ['Beta page has other words.']]))], 'report.pdf', { type: 'application/pdf' });
    const read = await readFileForCollection(file, nodeReadPdf);
    if (!read.ok) throw new Error(read.problem);
    expect(read.source).toMatchObject({ kind: 'pdf', title: 'report', fileName: 'report.pdf' });
    expect(read.source.chunks.map((chunk) => [chunk.page, chunk.text])).toEqual([
      [1, 'Alpha page words here.'],
      [2, 'Beta page has other words.'],
    ]);
  });

  test('a corrupt PDF, a binary file named .md, an empty file and an image are refused with their reason', async () => {
    expect(await readFileForCollection(new File(['%PDF-1.7 garbage'], 'broken.pdf', { type: 'application/pdf' }), nodeReadPdf)).toEqual({ ok: false, problem: 'pdf-damaged' });
    expect(await readFileForCollection(new File([new Uint8Array([0x23, 0x20, 0, 1, 2])], 'notes.md'), nodeReadPdf)).toEqual({ ok: false, problem: 'binary' });
    expect(await readFileForCollection(new File(['  \n'], 'empty.txt', { type: 'text/plain' }), nodeReadPdf)).toEqual({ ok: false, problem: 'empty' });
    expect(await readFileForCollection(new File([new Uint8Array(4)], 'photo.png', { type: 'image/png' }), nodeReadPdf)).toEqual({ ok: false, problem: 'unsupported' });
  });

  test('a Markdown file is chunked by its headings; a saved page keeps its address', async () => {
    const read = await readFileForCollection(new File(['# Install\nRun it.\n## Linux\nApt.'], 'guide.md'), nodeReadPdf);
    if (!read.ok) throw new Error(read.problem);
    expect(read.source.chunks.map((chunk) => chunk.headingPath)).toEqual([['Install'], ['Install', 'Linux']]);
    const page = pageForCollection({ kind: 'page', title: 'Docs page', url: 'https://example.test/docs', text: '# Intro\nHello', totalChars: 13, truncated: false });
    if (!page.ok) throw new Error(page.problem);
    expect(page.source).toMatchObject({ kind: 'page', url: 'https://example.test/docs', title: 'Docs page' });
    expect(await page.source.blob.text()).toBe('# Intro\nHello');
  });
});
