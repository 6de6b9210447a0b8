/**
 * Chrome's built-in Prompt API (`LanguageModel`, Gemini Nano on the device): keyless, no network.
 * Everything is feature-detected at call time, so importing this file is safe where the API is absent.
 * Chrome reports no token counts for an answer, so usage is estimated.
 */
import { phrase } from '@/src/shared/i18n/text';
import { AnswerTracker, streamContextFor } from '@/src/providers/answer';
import { abortedError, makeError, type ErrorContext } from '@/src/providers/errors';
import { pdfNotAccepted } from '@/src/providers/openai-chat';
import { partsOf, type ImagePart } from '@/src/providers/parts';
import { ProviderError, CHROME_BUILT_IN, type CallOptions, type ChatMessage, type ChatRequest, type Connection, type ModelInfo, type ProviderAdapter, type StreamEvent } from '@/src/providers/types';

export type BuiltInAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/** A prompt with images (the Prompt API's multimodal input): text and images as content pieces. */
type PromptContent = { type: 'text'; value: string } | { type: 'image'; value: Blob };
interface PromptMessage {
  role: ChatMessage['role'];
  content: string | PromptContent[];
}
type PromptInput = string | PromptMessage[];

interface ExpectedInput {
  type: 'text' | 'image';
}

interface LanguageModelSession {
  promptStreaming(input: PromptInput, options?: { signal?: AbortSignal }): ReadableStream<string>;
  destroy(): void;
}

interface CreateOptions {
  initialPrompts?: PromptMessage[];
  expectedInputs?: ExpectedInput[];
  signal?: AbortSignal;
}

interface LanguageModelApi {
  availability(options?: { expectedInputs?: ExpectedInput[] }): Promise<BuiltInAvailability>;
  create(options?: CreateOptions): Promise<LanguageModelSession>;
}

/** Declared at create() when the conversation carries images; without it the session refuses them. */
const WITH_IMAGES: ExpectedInput[] = [{ type: 'text' }, { type: 'image' }];

export const BUILT_IN_MODEL_ID = 'gemini-nano';

function languageModelApi(): LanguageModelApi | undefined {
  const candidate: unknown = Reflect.get(globalThis, 'LanguageModel');
  if ((typeof candidate !== 'object' && typeof candidate !== 'function') || candidate === null) return undefined;
  const api = candidate as Partial<LanguageModelApi>;
  return typeof api.availability === 'function' && typeof api.create === 'function' ? (candidate as LanguageModelApi) : undefined;
}

export async function builtInModelAvailability(): Promise<BuiltInAvailability> {
  const api = languageModelApi();
  if (api === undefined) return 'unavailable';
  try {
    return await api.availability();
  } catch {
    return 'unavailable';
  }
}

/** True when the on-device model can answer now (present and downloaded). */
export async function isBuiltInModelAvailable(): Promise<boolean> {
  return (await builtInModelAvailability()) === 'available';
}

function notReady(ctx: ErrorContext, state: BuiltInAvailability): ProviderError {
  const message =
    state === 'unavailable'
      ? phrase('provider_builtInUnavailable')
      : phrase('provider_builtInDownloading');
  return new ProviderError('model-not-found', message, { provider: ctx.provider, retryable: false });
}

function errorFromDomException(error: unknown, ctx: ErrorContext, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return abortedError(ctx);
  const name = error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') return makeError('context-too-long', ctx);
  if (name === 'NotAllowedError') return makeError('no-permission', ctx);
  if (name === 'NotSupportedError') return makeError('invalid-request', ctx);
  return makeError('server', ctx, {}, false);
}

function imageBlob(part: ImagePart): Blob {
  const binary = atob(part.data);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return new Blob([bytes], { type: part.mime });
}

/** A message as the Prompt API takes it: plain text, or with images a list of text and image pieces. */
function toPromptMessage(message: ChatMessage): PromptMessage {
  const parts = partsOf(message);
  if (parts.length === 0) return { role: message.role, content: message.content };
  const content: PromptContent[] = message.content === '' ? [] : [{ type: 'text', value: message.content }];
  for (const part of parts) {
    // Gemini Nano reads no PDFs; delivery.ts sends their text instead.
    if (part.type !== 'image') throw pdfNotAccepted(CHROME_BUILT_IN);
    content.push({ type: 'image', value: imageBlob(part) });
  }
  return { role: message.role, content };
}

/** The Prompt API takes one system prompt first, then the history; the last user message is the prompt. */
function splitConversation(messages: readonly ChatMessage[]): { initialPrompts: PromptMessage[]; prompt: PromptInput; images: boolean } {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const history = messages.filter((message) => message.role !== 'system');
  const last = history[history.length - 1];
  const earlier = (last?.role === 'user' ? history.slice(0, -1) : history).map(toPromptMessage);
  const lastParts = last === undefined ? [] : partsOf(last);
  // Without images the prompt stays a plain string, as before images existed.
  const prompt: PromptInput = last?.role !== 'user' ? '' : lastParts.length === 0 ? last.content : [toPromptMessage(last)];
  const images = lastParts.length > 0 || history.some((message) => partsOf(message).length > 0);
  return { initialPrompts: [...(system.length > 0 ? [{ role: 'system' as const, content: system.join('\n\n') }] : []), ...earlier], prompt, images };
}

function cannotSee(ctx: ErrorContext): ProviderError {
  return new ProviderError('invalid-request', phrase('provider_builtInCannotSee'), { provider: ctx.provider, retryable: false });
}

export const chromeBuiltInAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor({ ...conn, provider: CHROME_BUILT_IN }, req, opts);
    const api = languageModelApi();
    if (api === undefined) throw notReady(ctx, 'unavailable');
    let session: LanguageModelSession | undefined;
    try {
      const state = await api.availability();
      if (state !== 'available') throw notReady(ctx, state);
      const { initialPrompts, prompt, images } = splitConversation(req.messages);
      if (images && (await api.availability({ expectedInputs: WITH_IMAGES })) !== 'available') throw cannotSee(ctx);
      session = await api.create({ initialPrompts, ...(images ? { expectedInputs: WITH_IMAGES } : {}), signal: opts.signal });
      const reader = session.promptStreaming(prompt, { signal: opts.signal }).getReader();
      const answer = new AnswerTracker(ctx);
      answer.recognise();
      for (;;) {
        const result = await reader.read();
        if (result.done) break;
        const text = answer.text(result.value);
        if (text !== undefined) yield text;
      }
      answer.markComplete();
      yield* answer.end();
    } catch (error) {
      throw errorFromDomException(error, ctx, opts.signal);
    } finally {
      session?.destroy();
    }
  },

  async listModels(): Promise<ModelInfo[]> {
    return (await isBuiltInModelAvailable()) ? [{ id: BUILT_IN_MODEL_ID, displayName: 'Gemini Nano (on this device)' }] : [];
  },
};
