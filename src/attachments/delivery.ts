/**
 * How each attachment reaches a given model (`Delivery`, types.ts): the chip shows it, the worker
 * obeys it, tokens.ts prices it. Pure: no browser API, no I/O, the same answer in the page and in the
 * worker.
 *
 * What a model can take comes from the catalog first (litellm's `supports_vision` and
 * `supports_pdf_input`), then from what is known about the provider and the model's name, for the
 * models the catalog does not list (local servers, live model lists, new releases). Unknown names are
 * taken as blind: an image is then refused before anything is sent, with a message naming models that
 * can see, rather than sent to a model that fails or silently ignores it.
 */
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from '@/src/attachments/types';
import { CHROME_BUILT_IN, type AdapterProvider } from '@/src/providers/types';

export interface ModelSight {
  /** The model takes images. */
  vision: boolean;
  /** The model reads PDF files sent as documents (where its provider's API carries them). */
  pdf: boolean;
}

/**
 * Model names that see, across providers and local servers (Ollama tags, LM Studio and vLLM ids,
 * OpenRouter `vendor/model` ids). Matched anywhere in the lower-cased id, so `library/llava:13b`,
 * `Qwen/Qwen2.5-VL-7B-Instruct` and `us.meta.llama3-2-90b-instruct-v1:0` are all found.
 */
const VISION_NAMES: readonly RegExp[] = [
  /llava|bakllava|moondream|minicpm-?v|cogvlm|internvl|idefics|smolvlm|paligemma|molmo|florence/,
  /llama-?3\.2-vision|llama3\.2-vision|llama-?3-?2-(11|90)b|llama-?4|llama4/,
  /gemma-?3(?!n)(?![-:.]?(1b|270m))|gemma-?4/,
  /qwen[\d.]*-?vl|qwen-vl|qvq|qwen[\d.]*-?omni/,
  /pixtral|mistral-small-?3\.[12]|mistral-small-(2503|2506)|mistral-medium-?3|mistral-medium-(2505|2508)|magistral-(small|medium)-(2509|1\.2)/,
  /granite[\d.]*-vision|phi-?3(\.5)?-vision|phi-?4-multimodal|glm-?4(\.\d)?v|grok-[\w.-]*vision|aya-vision|command-a-vision|kimi-vl|deepseek-vl/,
  // Hosted families that all see.
  /gpt-4o|gpt-4\.1|gpt-4\.5|gpt-4-turbo|gpt-4-vision|gpt-5|chatgpt-4o|^o1(?!-mini)|\bo1(-pro)?\b|^o3|\bo3\b|o4-mini|computer-use/,
  /claude-(3|opus-4|sonnet-4|haiku-4|opus-5|sonnet-5|haiku-5|[a-z]+-[4-9])|claude-3/,
  /gemini-(1\.5|2|3)|gemini-exp|learnlm/,
  /nova-(lite|pro|premier)/,
];

/** Names that look like a seeing family but are text-only models. */
const BLIND_NAMES: readonly RegExp[] = [/gpt-4o-(mini-)?(audio|transcribe|tts|search)|gpt-5-codex|o1-mini|o3-mini|embed|gemma-?3-?(1b|270m)|gemma3:1b|gemma3:270m/];

function nameSees(model: string): boolean {
  const id = model.trim().toLowerCase();
  return !BLIND_NAMES.some((pattern) => pattern.test(id)) && VISION_NAMES.some((pattern) => pattern.test(id));
}

/** Providers whose API in this extension carries a PDF as a document (openai-chat.ts, anthropic.ts, gemini-protocol.ts, bedrock.ts). */
const PDF_PROVIDERS: ReadonlySet<AdapterProvider> = new Set(['anthropic', 'gemini', 'vertex', 'openai', 'azure-openai', 'bedrock']);

/** Pages one native PDF may have: Anthropic and OpenAI take 100, Gemini 1,000; Claude on Bedrock is Anthropic's limit. */
function maxNativePages(provider: AdapterProvider): number {
  return provider === 'gemini' || provider === 'vertex' ? 1000 : 100;
}

/**
 * Whether a seeing model reads PDFs natively when the catalog does not say: every Claude (Anthropic,
 * Vertex, Bedrock), every Gemini, and OpenAI's seeing models (their file input needs vision).
 */
function providerReadsPdf(provider: AdapterProvider, model: string, vision: boolean): boolean {
  const id = model.toLowerCase();
  switch (provider) {
    case 'anthropic':
      return vision;
    case 'gemini':
    case 'vertex':
      return /gemini|claude/.test(id) && vision;
    case 'openai':
    case 'azure-openai':
      return vision;
    case 'bedrock':
      return /claude/.test(id) && vision;
    default:
      return false;
  }
}

/** What a model can take: the catalog's flags, else what its provider and name tell. */
export function sightOf(provider: AdapterProvider, entry: { vision?: boolean; pdf?: boolean } | undefined, model: string): ModelSight {
  // Chrome's on-device model takes images where the device allows; the adapter asks the device and
  // says so clearly when it cannot. It reads no PDFs.
  if (provider === CHROME_BUILT_IN) return { vision: true, pdf: false };
  const vision = entry?.vision === true || nameSees(model);
  const pdf = vision && (entry?.pdf === true || providerReadsPdf(provider, model, vision));
  return { vision, pdf: pdf && PDF_PROVIDERS.has(provider) };
}

/** How one attachment reaches a model of `provider` that can take what `sight` says. */
export function deliveryFor(sight: ModelSight, provider: AdapterProvider, ref: AttachmentRef): Delivery {
  switch (ref.kind) {
    case 'text':
      return 'text';
    case 'image':
      return sight.vision ? 'image' : 'unsupported';
    case 'pdf': {
      const native =
        PDF_PROVIDERS.has(provider) &&
        sight.pdf &&
        ref.size <= ATTACHMENT_LIMITS.maxNativePdfBytes &&
        (ref.pages === undefined || ref.pages <= maxNativePages(provider));
      if (native) return 'pdf';
      // A scanned PDF has no text to send: its pages go as images to a model that sees.
      if (ref.scanned === true) return sight.vision ? 'pdf-pages' : 'unsupported';
      return 'pdf-text';
    }
  }
}

/** What one request to a provider may carry, beyond the page's own limits (ATTACHMENT_LIMITS). */
export interface ProviderAttachmentLimits {
  /** Bytes one image may weigh as sent (before base64). */
  maxImageBytes: number;
  /** Images in one request, scanned PDF pages included. */
  maxImages: number;
  /** PDFs sent as documents in one request. */
  maxDocuments: number;
}

const MB = 1_000_000;
const UNBOUNDED: ProviderAttachmentLimits = {
  maxImageBytes: ATTACHMENT_LIMITS.maxImageBytes,
  maxImages: ATTACHMENT_LIMITS.perMessage * ATTACHMENT_LIMITS.maxScannedPages,
  maxDocuments: ATTACHMENT_LIMITS.perMessage,
};

/**
 * The providers' documented limits where they are stricter than the page's: Bedrock Converse's
 * Message reference (20 images of at most 3.75 MB, 5 documents; read 2026-12-06), Cohere's Command A
 * Vision (20 images a request; read 2026-12-06), Mistral's vision guide (8 images of at most 10 MB)
 * and Groq's vision guide (5 images, 4 MB of base64 each), both as published. Anthropic takes 100
 * images a request, OpenAI 500, Gemini 3,600: above what the page sends.
 */
export function attachmentLimitsFor(provider: AdapterProvider): ProviderAttachmentLimits {
  switch (provider) {
    case 'bedrock':
      return { maxImageBytes: 3.75 * MB, maxImages: 20, maxDocuments: 5 };
    case 'cohere':
      return { ...UNBOUNDED, maxImages: 20 };
    case 'mistral':
      return { ...UNBOUNDED, maxImages: 8 };
    case 'groq':
      return { ...UNBOUNDED, maxImageBytes: Math.floor((4 * MB * 3) / 4), maxImages: 5 };
    case 'anthropic':
      return { ...UNBOUNDED, maxImages: 100 };
    default:
      return UNBOUNDED;
  }
}

/** The first provider limit a message's attachments break, as they would be delivered; undefined when none. */
export type LimitBreach =
  | { limit: 'image-bytes'; ref: AttachmentRef; max: number }
  | { limit: 'images' | 'documents'; count: number; max: number };

export function limitBreach(provider: AdapterProvider, sight: ModelSight, refs: readonly AttachmentRef[]): LimitBreach | undefined {
  const limits = attachmentLimitsFor(provider);
  let images = 0;
  let documents = 0;
  for (const ref of refs) {
    const delivery = deliveryFor(sight, provider, ref);
    if (delivery === 'image') {
      if (ref.size > limits.maxImageBytes) return { limit: 'image-bytes', ref, max: limits.maxImageBytes };
      images += 1;
    } else if (delivery === 'pdf-pages') {
      images += Math.min(ref.pages ?? ATTACHMENT_LIMITS.maxScannedPages, ATTACHMENT_LIMITS.maxScannedPages);
    } else if (delivery === 'pdf') {
      documents += 1;
    }
  }
  if (images > limits.maxImages) return { limit: 'images', count: images, max: limits.maxImages };
  if (documents > limits.maxDocuments) return { limit: 'documents', count: documents, max: limits.maxDocuments };
  return undefined;
}
