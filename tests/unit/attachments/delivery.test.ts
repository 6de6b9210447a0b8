import { describe, expect, test } from 'vitest';
import { attachmentLimitsFor, deliveryFor, limitBreach, sightOf, type ModelSight } from '@/src/attachments/delivery';
import { ATTACHMENT_LIMITS, type AttachmentRef } from '@/src/attachments/types';
import { findModel } from '@/src/catalog/catalog';
import { CHROME_BUILT_IN, type AdapterProvider } from '@/src/providers/types';
import type { ProviderId } from '@/src/providers/definitions';

const IMAGE: AttachmentRef = { id: 'att-00000001', kind: 'image', name: 'shot.png', mime: 'image/png', size: 90_000, source: 'region', width: 800, height: 600 };
const TEXT: AttachmentRef = { id: 'att-00000002', kind: 'text', name: 'notes.md', mime: 'text/markdown', size: 400, source: 'file', textChars: 400 };
const PDF: AttachmentRef = { id: 'att-00000003', kind: 'pdf', name: 'paper.pdf', mime: 'application/pdf', size: 800_000, source: 'file', pages: 12, textChars: 30_000 };
const SCANNED: AttachmentRef = { ...PDF, id: 'att-00000004', scanned: true, textChars: 0 };

/** What the extension decides for a model the user picked: the bundled catalog's entry, then the rules. */
function sight(provider: AdapterProvider, model: string): ModelSight {
  const entry = provider === CHROME_BUILT_IN ? undefined : findModel(provider as ProviderId, model);
  return sightOf(provider, entry, model);
}

describe('sightOf', () => {
  test.each([
    ['openai', 'gpt-4o', { vision: true, pdf: true }],
    ['openai', 'gpt-4.1-mini', { vision: true, pdf: true }],
    ['openai', 'gpt-3.5-turbo', { vision: false, pdf: false }],
    ['anthropic', 'claude-sonnet-4-5', { vision: true, pdf: true }],
    ['anthropic', 'claude-sonnet-4-5-20250929', { vision: true, pdf: true }],
    ['gemini', 'gemini-2.5-flash', { vision: true, pdf: true }],
    ['vertex', 'gemini-2.5-pro', { vision: true, pdf: true }],
    ['bedrock', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', { vision: true, pdf: true }],
    ['bedrock', 'meta.llama3-1-70b-instruct-v1:0', { vision: false, pdf: false }],
    ['mistral', 'pixtral-large-latest', { vision: true, pdf: false }],
    ['groq', 'meta-llama/llama-4-scout-17b-16e-instruct', { vision: true, pdf: false }],
    ['cohere', 'command-a-vision-07-2025', { vision: true, pdf: false }],
    ['cohere', 'command-r-plus', { vision: false, pdf: false }],
  ] as const)('%s %s (catalog)', (provider, model, expected) => {
    expect(sight(provider, model)).toEqual(expected);
  });

  test.each([
    ['llava:13b', true],
    ['bakllava', true],
    ['llama3.2-vision:11b', true],
    ['gemma3:4b', true],
    ['gemma3:1b', false],
    ['gemma-3-27b-it', true],
    ['qwen2.5vl:7b', true],
    ['Qwen/Qwen2.5-VL-7B-Instruct', true],
    ['qwen3-vl:8b', true],
    ['minicpm-v', true],
    ['moondream:latest', true],
    ['mistral-small3.1:24b', true],
    ['granite3.2-vision', true],
    ['llama3.2:3b', false],
    ['qwen2.5:7b', false],
    ['deepseek-r1:8b', false],
    ['mistral:7b', false],
  ])('local %s sees: %s', (model, vision) => {
    expect(sightOf('ollama', undefined, model)).toEqual({ vision, pdf: false });
    expect(sightOf('lmstudio', undefined, model).vision).toBe(vision);
  });

  test('a catalog flag wins over a name that does not look like a seeing model', () => {
    expect(sightOf('openrouter', { vision: true }, 'vendor/plain-name')).toEqual({ vision: true, pdf: false });
    expect(sightOf('openai', { vision: true, pdf: true }, 'plain-name')).toEqual({ vision: true, pdf: true });
  });

  test('pdf needs a provider whose API carries PDFs, even where the catalog says the model reads them', () => {
    expect(sightOf('openrouter', { vision: true, pdf: true }, 'anthropic/claude-sonnet-4.5')).toEqual({ vision: true, pdf: false });
  });

  test('unknown names are taken as blind; Chrome\'s model may see (the adapter asks the device)', () => {
    expect(sightOf('custom', undefined, 'my-finetune')).toEqual({ vision: false, pdf: false });
    expect(sightOf(CHROME_BUILT_IN, undefined, 'gemini-nano')).toEqual({ vision: true, pdf: false });
  });
});

describe('deliveryFor', () => {
  const seeingPdf: ModelSight = { vision: true, pdf: true };
  const seeing: ModelSight = { vision: true, pdf: false };
  const blind: ModelSight = { vision: false, pdf: false };

  test('text files are always text', () => {
    expect(deliveryFor(blind, 'ollama', TEXT)).toBe('text');
    expect(deliveryFor(seeingPdf, 'anthropic', TEXT)).toBe('text');
  });

  test('images go to models that see, and are unsupported elsewhere', () => {
    expect(deliveryFor(seeing, 'ollama', IMAGE)).toBe('image');
    expect(deliveryFor(blind, 'ollama', IMAGE)).toBe('unsupported');
  });

  test.each(['anthropic', 'gemini', 'vertex', 'openai', 'azure-openai', 'bedrock'] as const)('%s: a PDF goes natively to a model that reads PDFs', (provider) => {
    expect(deliveryFor(seeingPdf, provider, PDF)).toBe('pdf');
    expect(deliveryFor(seeing, provider, PDF)).toBe('pdf-text');
  });

  test.each(['mistral', 'cohere', 'groq', 'openrouter', 'ollama', 'lmstudio', CHROME_BUILT_IN] as const)('%s: a PDF goes as text even if the model is said to read PDFs', (provider) => {
    expect(deliveryFor(seeingPdf, provider, PDF)).toBe('pdf-text');
  });

  test('a PDF over the native size limit, or over the provider\'s page limit, goes as text', () => {
    expect(deliveryFor(seeingPdf, 'anthropic', { ...PDF, size: ATTACHMENT_LIMITS.maxNativePdfBytes })).toBe('pdf');
    expect(deliveryFor(seeingPdf, 'anthropic', { ...PDF, size: ATTACHMENT_LIMITS.maxNativePdfBytes + 1 })).toBe('pdf-text');
    expect(deliveryFor(seeingPdf, 'anthropic', { ...PDF, pages: 101 })).toBe('pdf-text');
    expect(deliveryFor(seeingPdf, 'gemini', { ...PDF, pages: 101 })).toBe('pdf');
    expect(deliveryFor(seeingPdf, 'gemini', { ...PDF, pages: 1001 })).toBe('pdf-text');
  });

  test('a scanned PDF: natively where possible, else its pages to a model that sees, else unsupported', () => {
    expect(deliveryFor(seeingPdf, 'gemini', SCANNED)).toBe('pdf');
    expect(deliveryFor(seeing, 'mistral', SCANNED)).toBe('pdf-pages');
    expect(deliveryFor(seeingPdf, 'anthropic', { ...SCANNED, size: ATTACHMENT_LIMITS.maxNativePdfBytes + 1 })).toBe('pdf-pages');
    expect(deliveryFor(blind, 'ollama', SCANNED)).toBe('unsupported');
  });

  test('end to end with the catalog: what the chip says for common picks', () => {
    const pick = (provider: AdapterProvider, model: string, ref: AttachmentRef) => deliveryFor(sight(provider, model), provider, ref);
    expect(pick('anthropic', 'claude-sonnet-4-5', PDF)).toBe('pdf');
    expect(pick('openai', 'gpt-4o-mini', PDF)).toBe('pdf');
    expect(pick('openai', 'gpt-3.5-turbo', PDF)).toBe('pdf-text');
    expect(pick('openai', 'gpt-3.5-turbo', IMAGE)).toBe('unsupported');
    expect(pick('mistral', 'pixtral-large-latest', IMAGE)).toBe('image');
    expect(pick('ollama', 'llava:7b', SCANNED)).toBe('pdf-pages');
  });
});

describe('provider limits', () => {
  const seeingPdf: ModelSight = { vision: true, pdf: true };
  const images = (count: number, size = 100_000): AttachmentRef[] => Array.from({ length: count }, (_, index) => ({ ...IMAGE, id: `att-img-${String(index).padStart(4, '0')}`, size }));

  test('Bedrock: images of at most 3.75 MB, 20 of them, 5 documents', () => {
    expect(limitBreach('bedrock', seeingPdf, images(1, 3_750_000))).toBeUndefined();
    const big = images(1, 3_750_001);
    expect(limitBreach('bedrock', seeingPdf, big)).toEqual({ limit: 'image-bytes', ref: big[0], max: 3_750_000 });
    expect(limitBreach('bedrock', seeingPdf, images(20))).toBeUndefined();
    expect(limitBreach('bedrock', seeingPdf, images(21))).toEqual({ limit: 'images', count: 21, max: 20 });
    const pdfs = Array.from({ length: 6 }, (_, index) => ({ ...PDF, id: `att-pdf-${String(index).padStart(4, '0')}` }));
    expect(limitBreach('bedrock', seeingPdf, pdfs.slice(0, 5))).toBeUndefined();
    expect(limitBreach('bedrock', seeingPdf, pdfs)).toEqual({ limit: 'documents', count: 6, max: 5 });
    // The same PDFs as text to a model that does not read PDFs break nothing.
    expect(limitBreach('bedrock', { vision: true, pdf: false }, pdfs)).toBeUndefined();
  });

  test('scanned pages count as images; Mistral takes 8', () => {
    expect(limitBreach('mistral', { vision: true, pdf: false }, [{ ...SCANNED, pages: 8 }])).toBeUndefined();
    expect(limitBreach('mistral', { vision: true, pdf: false }, [{ ...SCANNED, pages: 9 }])).toEqual({ limit: 'images', count: 9, max: 8 });
  });

  test('what the page sends fits Anthropic, OpenAI, Gemini and local servers', () => {
    const most = images(ATTACHMENT_LIMITS.perMessage, ATTACHMENT_LIMITS.maxImageBytes);
    for (const provider of ['anthropic', 'openai', 'gemini', 'ollama'] as const) expect(limitBreach(provider, seeingPdf, most)).toBeUndefined();
    expect(attachmentLimitsFor('groq')).toEqual({ maxImageBytes: 3_000_000, maxImages: 5, maxDocuments: ATTACHMENT_LIMITS.perMessage });
  });
});
