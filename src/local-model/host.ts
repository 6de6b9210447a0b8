/**
 * The page that holds the in-browser model (entrypoints/model-host: Chrome's offscreen document,
 * a hidden frame inside the background page in Firefox, src/platform/hidden-page.ts):
 * Transformers.js with ONNX Runtime Web, on WebGPU where the browser has it and WebAssembly
 * otherwise. It answers the worker's `generate` over MODEL_HOST_PORT, streaming tokens.
 *
 * It never reaches the network: files come only from the model cache (store.ts), checked against
 * the download's manifest, and the runtime's fetch refuses everything. The runtime's WebAssembly
 * is the copy inside the extension (assets/, see ORT_WASM_FILE).
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  InterruptableStoppingCriteria,
  TextStreamer,
  env,
  pipeline,
  type FeatureExtractionPipeline,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { sentByOwnBackground } from '@/src/platform/runtime';
import { onPortConnect, type Port } from '@/src/platform/messaging';
import { DamagedModelError, markModelDamaged, openModelCache, readCheckedFile, readManifest } from './store';
import { MODEL_HOST_PORT, type HostReply } from './host-protocol';
import { HostRequest } from './host-request';
import { preferredDevice, type Device } from './device';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

/**
 * The runtime's WebAssembly (ONNX Runtime Web's build with WebGPU and the CPU), inside the extension.
 * Vite emits this one file under assets/ for the `?url` import and for onnxruntime-web's own
 * `new URL(…, import.meta.url)` alike (same source, same hashed name): the package ships it once.
 * Nothing else of onnxruntime-web's dist is needed: the page runs one thread (no worker script) and
 * never proxies. Both builds carry it: Firefox runs this page in a hidden frame of its background page.
 */
export const ORT_WASM_FILE: string = ortWasmUrl;

interface Loaded {
  id: string;
  device: Device;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  bytes: number;
}

/** The model and file found damaged while loading (the runtime wraps the error it threw). */
let damaged: { id: string; path: string } | undefined;
let loaded: Promise<Loaded> | undefined;
let loadedId: string | undefined;
let loadedInfo: { bytes: number; device: Device } | undefined;
/** One answer at a time: the runtime runs one session at a time anyway. */
let queue: Promise<unknown> = Promise.resolve();

/** The model files Transformers.js asks for, served from the checked cache; nothing else exists. */
const modelCache = {
  async match(key: string): Promise<Response | undefined> {
    const match = /([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)\/resolve\/main\/(.+)$/.exec(key);
    if (!match) return undefined;
    const [, id, path] = match as unknown as [string, string, string];
    try {
      const data = await readCheckedFile(id, decodeURIComponent(path), await openModelCache());
      return data === undefined ? undefined : new Response(data, { headers: { 'content-length': String(data.byteLength) } });
    } catch (error) {
      if (error instanceof DamagedModelError) damaged = { id, path: error.path };
      throw error;
    }
  },
  async put(): Promise<void> {
    // The download (download.ts) is the only writer of the model cache.
  },
};

function configureRuntime(): void {
  env.allowLocalModels = false;
  env.useBrowserCache = false;
  env.useCustomCache = true;
  env.customCache = modelCache;
  env.useWasmCache = false;
  // A file missing from the cache is not fetched: a model runs only from a completed download.
  env.fetch = () => Promise.reject(new Error('The in-browser model reads only downloaded files.'));
  const onnx = env.backends.onnx;
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = { wasm: new URL(ORT_WASM_FILE, location.href).href };
    // Threads need a cross-origin isolated page; the model's page is not one.
    onnx.wasm.numThreads = 1;
    onnx.wasm.proxy = false;
  }
}

async function load(id: string): Promise<Loaded> {
  const manifest = await readManifest(id);
  if (!manifest) throw new NotDownloadedError();
  const preferred: Device = await preferredDevice();
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const open = (device: Device) => AutoModelForCausalLM.from_pretrained(id, { dtype: manifest.dtype, device });
  let device = preferred;
  let model: PreTrainedModel;
  try {
    model = await open(device);
  } catch (error) {
    if (device !== 'webgpu' || damaged?.id === id) throw error;
    // A WebGPU adapter that cannot run the model (old driver, too little video memory): the CPU can.
    device = 'wasm';
    model = await open(device);
  }
  yieldBetweenSteps(model);
  const bytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
  return { id, device, tokenizer, model, bytes };
}

class NotDownloadedError extends Error {}

/**
 * A task boundary. The runtime's steps chain on promises only, so a whole answer would otherwise
 * run as one task: its tokens would leave in one burst at the end, and a stop could not arrive
 * before it. A MessageChannel task is not throttled in a hidden page, as timers are.
 */
const channel = new MessageChannel();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Makes each generation step start in a new task (see nextTask). */
function yieldBetweenSteps(model: PreTrainedModel): void {
  const forward = model.forward.bind(model);
  model.forward = async (inputs: Parameters<PreTrainedModel['forward']>[0]) => {
    await nextTask();
    return forward(inputs);
  };
}

function loadOnce(id: string): Promise<Loaded> {
  if (loaded && loadedId === id) return loaded;
  const previous = loaded;
  loadedId = id;
  loaded = (async () => {
    await previous?.then((old) => old.model.dispose()).catch(() => undefined);
    const result = await load(id);
    loadedInfo = { bytes: result.bytes, device: result.device };
    return result;
  })();
  loaded.catch(() => {
    if (loadedId === id) {
      loaded = undefined;
      loadedId = undefined;
      loadedInfo = undefined;
    }
  });
  return loaded;
}

function errorCode(error: unknown, id: string): Extract<HostReply, { type: 'error' }>['code'] {
  if (error instanceof NotDownloadedError) return 'not-downloaded';
  if (damaged?.id === id || error instanceof DamagedModelError) return 'damaged';
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  if (/out of memory|RangeError.*memory|Aborted\(OOM\)|could not allocate/i.test(text)) return 'out-of-memory';
  return 'failed';
}

async function answer(port: Port, request: Extract<HostRequest, { type: 'generate' }>, stopper: InterruptableStoppingCriteria): Promise<void> {
  const post = (reply: HostReply) => {
    try {
      port.postMessage(reply);
    } catch {
      // The worker went away (a stop, or the worker stopped): the stopping criterion ends the answer.
      stopper.interrupt();
    }
  };
  const started = performance.now();
  let model: Loaded;
  try {
    model = await loadOnce(request.model);
  } catch (error) {
    const code = errorCode(error, request.model);
    if (code === 'damaged') {
      // Drop the damaged copy, keeping a note of where it came from: the options page offers the same download again.
      const path = damaged?.id === request.model ? damaged.path : error instanceof DamagedModelError ? error.path : 'unknown';
      await markModelDamaged(request.model, path).catch(() => undefined);
      damaged = undefined;
    }
    post({ type: 'error', code });
    return;
  }
  post({ type: 'ready', device: model.device, loadMs: performance.now() - started });
  let outputTokens = 0;
  const streamer = new TextStreamer(model.tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (text: string) => {
      if (text !== '') post({ type: 'token', text });
    },
    token_callback_function: (tokens: bigint[]) => {
      outputTokens += tokens.length;
    },
  });
  try {
    const inputs = model.tokenizer.apply_chat_template(request.messages, { add_generation_prompt: true, return_dict: true }) as Record<string, unknown> & {
      input_ids: { dims: number[] };
    };
    const inputTokens = inputs.input_ids.dims.at(-1) ?? 0;
    const sampling = request.temperature !== undefined && request.temperature > 0 ? { do_sample: true, temperature: request.temperature } : { do_sample: false };
    await model.model.generate({ ...inputs, ...sampling, max_new_tokens: request.maxTokens, streamer, stopping_criteria: stopper });
    post({ type: 'done', inputTokens, outputTokens, reason: outputTokens >= request.maxTokens ? 'length' : 'stop' });
  } catch (error) {
    post({ type: 'error', code: errorCode(error, request.model) });
  }
}

/**
 * The embedding model (issue 19), held apart from the chat model: history can be indexed while the
 * user chats with an in-browser model. Transformers.js's `feature-extraction` pipeline, mean-pooled
 * over the attention mask and normalised, on the same runtime and device rules as the chat model.
 */
let embedder: { id: string; extractor: Promise<FeatureExtractionPipeline> } | undefined;

async function loadEmbedder(id: string): Promise<FeatureExtractionPipeline> {
  const manifest = await readManifest(id);
  if (!manifest) throw new NotDownloadedError();
  const open = (device: Device) => pipeline('feature-extraction', id, { dtype: manifest.dtype, device });
  const preferred = await preferredDevice();
  try {
    return await open(preferred);
  } catch (error) {
    if (preferred !== 'webgpu' || damaged?.id === id) throw error;
    return open('wasm');
  }
}

function embedderFor(id: string): Promise<FeatureExtractionPipeline> {
  if (embedder?.id === id) return embedder.extractor;
  const previous = embedder?.extractor;
  const extractor = (async () => {
    await previous?.then((old) => old.dispose()).catch(() => undefined);
    return loadEmbedder(id);
  })();
  embedder = { id, extractor };
  extractor.catch(() => {
    if (embedder?.extractor === extractor) embedder = undefined;
  });
  return extractor;
}

async function embed(port: Port, request: Extract<HostRequest, { type: 'embed' }>): Promise<void> {
  const post = (reply: HostReply) => {
    try {
      port.postMessage(reply);
    } catch {
      // The worker went away: nothing to answer.
    }
  };
  try {
    const extractor = await embedderFor(request.model);
    const output = await extractor(request.texts, { pooling: 'mean', normalize: true });
    const vectors = output.tolist() as number[][];
    // The tokens the model read: the pipeline truncates each text at the model's length, so this does too.
    const inputTokens = request.texts.reduce((sum, text) => sum + extractor.tokenizer(text, { truncation: true }).input_ids.size, 0);
    post({ type: 'vectors', vectors, inputTokens });
  } catch (error) {
    const code = errorCode(error, request.model);
    if (code === 'damaged') {
      // As for the chat model: drop the damaged copy with a note, so the options page offers the download again.
      const path = damaged?.id === request.model ? damaged.path : error instanceof DamagedModelError ? error.path : 'unknown';
      await markModelDamaged(request.model, path).catch(() => undefined);
      damaged = undefined;
    }
    post({ type: 'error', code });
  }
}

function memoryReply(): HostReply {
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  return { type: 'memory', jsHeapBytes: heap, modelBytes: loadedInfo?.bytes ?? 0, ...(loadedInfo ? { device: loadedInfo.device } : {}) };
}

function serve(port: Port): void {
  const stopper = new InterruptableStoppingCriteria();
  let started = false;
  port.onDisconnect.addListener(() => stopper.interrupt());
  port.onMessage.addListener((message: unknown) => {
    const parsed = HostRequest.safeParse(message);
    if (!parsed.success) {
      port.disconnect();
      return;
    }
    const request = parsed.data;
    if (request.type === 'stop') {
      stopper.interrupt();
      return;
    }
    if (request.type === 'memory') {
      port.postMessage(memoryReply());
      return;
    }
    if (started) return;
    started = true;
    const run = request.type === 'embed' ? () => embed(port, request) : () => answer(port, request, stopper);
    queue = queue.then(run).catch(() => undefined);
  });
}

/** Starts the model's page: listens for the worker's questions. */
export function startModelHost(): void {
  configureRuntime();
  onPortConnect((port) => {
    if (port.name !== MODEL_HOST_PORT) return;
    // A port from the extension's own background, and nothing else.
    if (!sentByOwnBackground(port.sender)) {
      port.disconnect();
      return;
    }
    serve(port);
  });
}
