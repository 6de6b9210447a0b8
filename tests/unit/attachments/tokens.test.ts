/**
 * Attachment tokens against the providers' own worked examples (the rules and their sources are in
 * src/attachments/tokens.ts; each example below names the page it comes from).
 */
import { describe, expect, test } from 'vitest';
import { anthropicImageTokens, attachmentTokens, geminiImageTokens, openAIPatchTokens, openAITileTokens } from '@/src/attachments/tokens';
import type { AttachmentRef } from '@/src/attachments/types';

function image(width: number, height: number): AttachmentRef {
  return { id: 'att-00000001', kind: 'image', name: 'photo.jpg', mime: 'image/jpeg', size: 200_000, source: 'file', width, height };
}
function pdf(extra: Partial<AttachmentRef> = {}): AttachmentRef {
  return { id: 'att-00000002', kind: 'pdf', name: 'report.pdf', mime: 'application/pdf', size: 300_000, source: 'file', pages: 4, textChars: 8_000, ...extra };
}

describe('OpenAI (platform.openai.com/docs/guides/images-vision, Calculating costs)', () => {
  test('tile models: the guide\'s examples', () => {
    // "A 1024 x 1024 square image in detail: high mode costs 765 tokens"
    expect(openAITileTokens({ width: 1024, height: 1024 }, 85, 170)).toBe(765);
    // "A 2048 x 4096 image in detail: high mode costs 1105 tokens"
    expect(openAITileTokens({ width: 2048, height: 4096 }, 85, 170)).toBe(1105);
    // A small image is not scaled up: one tile.
    expect(openAITileTokens({ width: 500, height: 500 }, 85, 170)).toBe(255);
  });

  test('patch models: the guide\'s examples', () => {
    // "1024 x 1024 image: 1024 patches"; "1800 x 2400 image … 1452"
    expect(openAIPatchTokens({ width: 1024, height: 1024 }, 1)).toBe(1024);
    expect(openAIPatchTokens({ width: 1800, height: 2400 }, 1)).toBe(1452);
    expect(openAIPatchTokens({ width: 4000, height: 4000 }, 1)).toBeLessThanOrEqual(1536);
    // Scaled to 1216 × 1235.6: 38 × 39 patches (floating point must not make 1216 into 39 patches).
    expect(openAIPatchTokens({ width: 1300, height: 1321 }, 1)).toBe(1482);
  });

  test.each([
    ['gpt-4o', 765, false],
    ['gpt-4.1', 765, false],
    ['gpt-4o-mini', 2833 + 4 * 5667, false],
    ['gpt-5', 70 + 4 * 140, false],
    ['o3', 75 + 4 * 150, false],
    ['gpt-4.1-mini', Math.ceil(1024 * 1.62), false],
    ['gpt-4.1-nano', Math.ceil(1024 * 2.46), false],
    ['o4-mini', Math.ceil(1024 * 1.72), false],
    ['some-future-model', 765, true],
  ] as const)('%s: 1024×1024 costs %i', (model, tokens, estimated) => {
    expect(attachmentTokens('openai', model, image(1024, 1024), 'image')).toEqual({ tokens, estimated });
  });

  test('Azure uses the same rules; OpenRouter routes to them but is flagged', () => {
    expect(attachmentTokens('azure-openai', 'gpt-4o', image(1024, 1024), 'image')).toEqual({ tokens: 765, estimated: false });
    expect(attachmentTokens('openrouter', 'openai/gpt-4o', image(1024, 1024), 'image')).toEqual({ tokens: 765, estimated: true });
  });
});

describe('Anthropic (docs.anthropic.com/en/docs/build-with-claude/vision, Calculate image costs)', () => {
  test.each([
    // The guide's table: 200×200 ≈ 54, 1000×1000 ≈ 1,334, 1092×1092 ≈ 1,590.
    [200, 200, 54],
    [1000, 1000, 1334],
    [1092, 1092, 1590],
  ])('%i×%i ≈ %i tokens', (width, height, tokens) => {
    expect(anthropicImageTokens({ width, height })).toBe(tokens);
    expect(attachmentTokens('anthropic', 'claude-sonnet-4-5', image(width, height), 'image')).toEqual({ tokens, estimated: false });
  });

  test('a large image is scaled down first: never much over 1,600 tokens', () => {
    expect(anthropicImageTokens({ width: 4000, height: 3000 })).toBeLessThanOrEqual(1601);
    expect(anthropicImageTokens({ width: 4000, height: 3000 })).toBeGreaterThan(1550);
    // A long strip is bound by the 1,568-px side: 1568 × 157 / 750.
    expect(anthropicImageTokens({ width: 4000, height: 400 })).toBe(Math.ceil((1568 * 157) / 750));
  });

  test('Claude on Bedrock and Vertex follows Anthropic\'s rule', () => {
    expect(attachmentTokens('bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', image(1000, 1000), 'image').tokens).toBe(1334);
    expect(attachmentTokens('vertex', 'claude-sonnet-4-5', image(1000, 1000), 'image').tokens).toBe(1334);
  });
});

describe('Gemini (ai.google.dev/gemini-api/docs/tokens)', () => {
  test('258 tokens up to 384×384, else 258 per 768×768 tile', () => {
    expect(geminiImageTokens({ width: 384, height: 384 })).toBe(258);
    expect(geminiImageTokens({ width: 385, height: 100 })).toBe(258);
    expect(geminiImageTokens({ width: 1024, height: 768 })).toBe(516);
    expect(attachmentTokens('gemini', 'gemini-2.5-flash', image(300, 200), 'image')).toEqual({ tokens: 258, estimated: false });
    expect(attachmentTokens('vertex', 'gemini-2.5-pro', image(1536, 1536), 'image')).toEqual({ tokens: 1032, estimated: true });
  });

  test('Gemini 3 counts by media resolution: flagged', () => {
    expect(attachmentTokens('gemini', 'gemini-3-pro-preview', image(300, 200), 'image')).toEqual({ tokens: 1120, estimated: true });
  });

  test('a native PDF is 258 tokens a page', () => {
    expect(attachmentTokens('gemini', 'gemini-2.5-flash', pdf({ pages: 10 }), 'pdf')).toEqual({ tokens: 2580, estimated: false });
    expect(attachmentTokens('gemini', 'gemini-2.5-flash', pdf({ pages: undefined, size: 1_024_000 }), 'pdf')).toEqual({ tokens: 2580, estimated: true });
  });
});

describe('PDFs, text and the rest', () => {
  test('Claude reads a PDF as its text plus an image of each page: 1,500–3,000 tokens a typical page', () => {
    const result = attachmentTokens('anthropic', 'claude-sonnet-4-5', pdf({ pages: 4, textChars: 8_000 }), 'pdf');
    expect(result.estimated).toBe(true);
    expect(result.tokens / 4).toBeGreaterThanOrEqual(1500);
    expect(result.tokens / 4).toBeLessThanOrEqual(3000);
    expect(result.tokens).toBe(2000 + 4 * anthropicImageTokens({ width: 1448, height: 2048 }));
  });

  test('a PDF as text, and a text file, cost characters / 4, flagged', () => {
    expect(attachmentTokens('mistral', 'mistral-large-latest', pdf({ textChars: 10_001 }), 'pdf-text')).toEqual({ tokens: 2501, estimated: true });
    const notes: AttachmentRef = { id: 'att-00000003', kind: 'text', name: 'notes.md', mime: 'text/markdown', size: 400, source: 'drop', textChars: 400 };
    expect(attachmentTokens('openai', 'gpt-4o', notes, 'text')).toEqual({ tokens: 100, estimated: true });
  });

  test('scanned pages cost one page image each, at most maxScannedPages of them', () => {
    const scanned = pdf({ pages: 50, scanned: true, textChars: 0 });
    const one = attachmentTokens('gemini', 'gemini-2.5-flash', pdf({ pages: 1, scanned: true }), 'pdf-pages').tokens;
    expect(attachmentTokens('gemini', 'gemini-2.5-flash', scanned, 'pdf-pages')).toEqual({ tokens: 20 * one, estimated: true });
  });

  test('providers without a documented rule are estimated; what is not sent costs nothing', () => {
    expect(attachmentTokens('mistral', 'pixtral-large-latest', image(1000, 1000), 'image')).toEqual({ tokens: 1334, estimated: true });
    expect(attachmentTokens('ollama', 'llava', image(1000, 1000), 'image').estimated).toBe(true);
    expect(attachmentTokens('ollama', 'llama3.2', image(1000, 1000), 'unsupported')).toEqual({ tokens: 0, estimated: false });
  });

  test('an image whose size is unknown is priced as the largest the page sends, flagged', () => {
    const unsized: AttachmentRef = { id: 'att-00000004', kind: 'image', name: 'x.png', mime: 'image/png', size: 10, source: 'paste' };
    expect(attachmentTokens('openai', 'gpt-4o', unsized, 'image')).toEqual({ tokens: openAITileTokens({ width: 2048, height: 2048 }, 85, 170), estimated: true });
  });
});
