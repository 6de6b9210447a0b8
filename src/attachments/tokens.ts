/**
 * Input tokens an attachment costs a given model, by each provider's documented rules, for the chip's
 * estimate, the budget gate and the cost confirmation. Pure.
 *
 * `estimated: false` where the provider documents a rule for the model and the numbers it needs are
 * known; `estimated: true` where the rule is a published approximation, the model is unknown, or a
 * size had to be assumed. The rules, as read on 2026-12-06 (the worked examples are in
 * tests/unit/attachments/tokens.test.ts):
 *
 * - OpenAI (platform.openai.com/docs/guides/images-vision, "Calculating costs"): tile models scale
 *   the image to fit 2048×2048, then its shortest side to 768, and pay a base plus a price per 512-px
 *   tile (gpt-4o, 4.1, 4.5: 85 + 170; gpt-5: 70 + 140; gpt-4o-mini: 2,833 + 5,667; o1, o3: 75 + 150).
 *   Patch models (gpt-4.1-mini and -nano, gpt-5-mini and -nano, o4-mini) pay one token per 32-px
 *   patch, at most 1,536 (a larger image is scaled down to fit), times a multiplier. We send no
 *   `detail`, so `auto`; counted as `high`, which `auto` uses for all but the smallest images.
 * - Anthropic (docs.anthropic.com, "Vision: calculate image costs"): the image is scaled down to a long
 *   side of at most 1,568 px and about 1.15 megapixels (≈1,600 tokens), then costs width × height / 750.
 * - Gemini (ai.google.dev/gemini-api/docs/tokens): 258 tokens when both sides are at most 384 px,
 *   else 258 per 768×768 tile; a PDF page is 258 tokens. Gemini 3 counts by `media_resolution`
 *   (defaults 1,120 per image, 560 per PDF page): estimated.
 * - PDFs to Claude: extracted text plus each page as an image ("1,500–3,000 tokens per page"):
 *   text/4 + one full-size page image per page, estimated. OpenAI's file input likewise.
 * - Text: characters / 4, estimated (the same guess the extension makes for prompt text).
 */
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from '@/src/attachments/types';
import type { AdapterProvider } from '@/src/providers/types';

export interface AttachmentTokens {
  tokens: number;
  estimated: boolean;
}

interface Size {
  width: number;
  height: number;
}

/** A scanned page rendered for a seeing model, when its size is not known: A4 at 150 dpi fitted to the longest side sent. */
const ASSUMED_PAGE: Size = { width: Math.round((ATTACHMENT_LIMITS.maxImageSide * 1240) / 1754), height: ATTACHMENT_LIMITS.maxImageSide };
/** An image whose size is not known (a ref written without one): the largest the page sends. */
const ASSUMED_IMAGE: Size = { width: ATTACHMENT_LIMITS.maxImageSide, height: ATTACHMENT_LIMITS.maxImageSide };
/** Pages of a PDF whose count is not known: about 100 KB a page. */
const BYTES_PER_ASSUMED_PAGE = 100 * 1024;

export function textTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

// ---- OpenAI ---------------------------------------------------------------------------------

type OpenAIImageRule = { kind: 'tiles'; base: number; tile: number } | { kind: 'patches'; multiplier: number };

/** The documented rule for an OpenAI model id, or undefined for an id the table does not name. */
function openAIRule(model: string): OpenAIImageRule | undefined {
  const id = model.toLowerCase().replace(/^openai\//, '');
  if (/^gpt-4\.1-mini|^gpt-5(\.\d)?-mini/.test(id)) return { kind: 'patches', multiplier: 1.62 };
  if (/^gpt-4\.1-nano|^gpt-5(\.\d)?-nano/.test(id)) return { kind: 'patches', multiplier: 2.46 };
  if (/^o4-mini/.test(id)) return { kind: 'patches', multiplier: 1.72 };
  if (/^gpt-4o-mini/.test(id)) return { kind: 'tiles', base: 2833, tile: 5667 };
  if (/^gpt-5/.test(id)) return { kind: 'tiles', base: 70, tile: 140 };
  if (/^(o1|o3)(?!-mini)/.test(id)) return { kind: 'tiles', base: 75, tile: 150 };
  if (/^computer-use/.test(id)) return { kind: 'tiles', base: 65, tile: 129 };
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo|gpt-4-vision)/.test(id)) return { kind: 'tiles', base: 85, tile: 170 };
  return undefined;
}

/** Tile models: fit in 2048×2048, shortest side to 768 (never up), count 512-px tiles. */
export function openAITileTokens(size: Size, base: number, tile: number): number {
  let { width, height } = size;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shortest = Math.min(1, 768 / Math.min(width, height));
  width *= shortest;
  height *= shortest;
  return base + tile * Math.ceil(width / 512) * Math.ceil(height / 512);
}

/** Floating-point noise off a computed pixel size (1216.0000000001 is 1216, 38 patches, not 39). */
function roundOff(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Patch models: 32-px patches, at most 1,536 (scaled down to fit, as the guide's formula does), times the model's multiplier. */
export function openAIPatchTokens(size: Size, multiplier: number): number {
  const { width, height } = size;
  const MAX = 1536;
  let patches = Math.ceil(width / 32) * Math.ceil(height / 32);
  if (patches > MAX) {
    let scale = Math.sqrt((32 * 32 * MAX) / (width * height));
    scale *= Math.min(Math.floor((width * scale) / 32) / ((width * scale) / 32), Math.floor((height * scale) / 32) / ((height * scale) / 32));
    patches = Math.min(MAX, Math.ceil(roundOff(width * scale) / 32) * Math.ceil(roundOff(height * scale) / 32));
  }
  return Math.ceil(patches * multiplier);
}

function openAIImage(model: string, size: Size): AttachmentTokens {
  const rule = openAIRule(model);
  if (rule === undefined) return { tokens: openAITileTokens(size, 85, 170), estimated: true };
  const tokens = rule.kind === 'tiles' ? openAITileTokens(size, rule.base, rule.tile) : openAIPatchTokens(size, rule.multiplier);
  return { tokens, estimated: false };
}

// ---- Anthropic ------------------------------------------------------------------------------

/** Scaled to a long side of 1,568 and about 1.15 MP (1,600 tokens), then width × height / 750. */
export function anthropicImageTokens(size: Size): number {
  const longSide = Math.min(1, 1568 / Math.max(size.width, size.height));
  const area = Math.min(1, Math.sqrt((1600 * 750) / (size.width * size.height)));
  const scale = Math.min(longSide, area);
  const width = Math.round(size.width * scale);
  const height = Math.round(size.height * scale);
  return Math.ceil((width * height) / 750);
}

// ---- Gemini ---------------------------------------------------------------------------------

const GEMINI_TILE = 258;

export function geminiImageTokens(size: Size): number {
  if (size.width <= 384 && size.height <= 384) return GEMINI_TILE;
  return GEMINI_TILE * Math.ceil(size.width / 768) * Math.ceil(size.height / 768);
}

function isGemini3(model: string): boolean {
  return /gemini-[3-9]/.test(model.toLowerCase());
}

// ---- Families -------------------------------------------------------------------------------

type Family = 'openai' | 'anthropic' | 'gemini' | 'other';

/** Whose rules apply: the provider's, or for a router or a cloud that serves other vendors' models, the model's maker. */
function familyOf(provider: AdapterProvider, model: string): { family: Family; routed: boolean } {
  const id = model.toLowerCase();
  switch (provider) {
    case 'openai':
    case 'azure-openai':
      return { family: 'openai', routed: false };
    case 'anthropic':
      return { family: 'anthropic', routed: false };
    case 'gemini':
      return { family: 'gemini', routed: false };
    case 'vertex':
      return { family: /claude/.test(id) ? 'anthropic' : 'gemini', routed: false };
    case 'bedrock':
      return { family: /claude/.test(id) ? 'anthropic' : 'other', routed: false };
    case 'openrouter':
      if (id.startsWith('openai/')) return { family: 'openai', routed: true };
      if (id.startsWith('anthropic/')) return { family: 'anthropic', routed: true };
      if (id.startsWith('google/')) return { family: 'gemini', routed: true };
      return { family: 'other', routed: true };
    default:
      return { family: 'other', routed: false };
  }
}

function imageTokens(provider: AdapterProvider, model: string, size: Size | undefined): AttachmentTokens {
  const known = size ?? ASSUMED_IMAGE;
  const { family, routed } = familyOf(provider, model);
  const guessed = size === undefined || routed;
  switch (family) {
    case 'openai': {
      const result = openAIImage(model, known);
      return { tokens: result.tokens, estimated: result.estimated || guessed };
    }
    case 'anthropic':
      return { tokens: anthropicImageTokens(known), estimated: guessed };
    case 'gemini':
      if (isGemini3(model)) return { tokens: 1120, estimated: true };
      return { tokens: geminiImageTokens(known), estimated: guessed || known.width > 384 || known.height > 384 };
    case 'other':
      // No documented rule (Mistral, Cohere, Groq, local servers, Chrome): Anthropic's area rule, a middle guess.
      return { tokens: anthropicImageTokens(known), estimated: true };
  }
}

function pdfPages(ref: AttachmentRef): { pages: number; known: boolean } {
  if (ref.pages !== undefined && ref.pages > 0) return { pages: ref.pages, known: true };
  return { pages: Math.max(1, Math.round(ref.size / BYTES_PER_ASSUMED_PAGE)), known: false };
}

/** A PDF sent as a document. */
function nativePdfTokens(provider: AdapterProvider, model: string, ref: AttachmentRef): AttachmentTokens {
  const { pages, known } = pdfPages(ref);
  const text = textTokens(ref.textChars ?? 0);
  const { family } = familyOf(provider, model);
  switch (family) {
    case 'gemini':
      if (isGemini3(model)) return { tokens: pages * 560, estimated: true };
      return { tokens: pages * GEMINI_TILE, estimated: !known };
    case 'anthropic':
      return { tokens: text + pages * anthropicImageTokens(ASSUMED_PAGE), estimated: true };
    case 'openai':
      return { tokens: text + pages * openAIImage(model, ASSUMED_PAGE).tokens, estimated: true };
    case 'other':
      // Bedrock's other models read the document's text.
      return { tokens: text > 0 ? text : pages * 500, estimated: true };
  }
}

/** Input tokens one attachment costs `model` of `provider` when sent as `delivery`. */
export function attachmentTokens(provider: AdapterProvider, model: string, ref: AttachmentRef, delivery: Delivery): AttachmentTokens {
  switch (delivery) {
    case 'unsupported':
      return { tokens: 0, estimated: false };
    case 'text':
    case 'pdf-text':
      return { tokens: textTokens(ref.textChars ?? (ref.kind === 'text' ? ref.size : 0)), estimated: true };
    case 'image':
      return imageTokens(provider, model, ref.width !== undefined && ref.height !== undefined ? { width: ref.width, height: ref.height } : undefined);
    case 'pdf':
      return nativePdfTokens(provider, model, ref);
    case 'pdf-pages': {
      const pages = Math.min(pdfPages(ref).pages, ATTACHMENT_LIMITS.maxScannedPages);
      const page = imageTokens(provider, model, ASSUMED_PAGE);
      return { tokens: pages * page.tokens, estimated: true };
    }
  }
}
