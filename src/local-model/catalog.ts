/**
 * The in-browser models Keyward offers (Transformers.js, ONNX weights from the Hugging Face Hub).
 * Small instruct models that run on an ordinary laptop. Each is downloaded in one of two forms:
 * `q4f16` (4-bit weights, 16-bit compute) where the browser has WebGPU, `q4` (4-bit weights, 32-bit
 * compute, what WebAssembly runs best) otherwise.
 *
 * Download: the Hub's listed size of `onnx/model_{dtype}.onnx` plus tokenizer.json (the other JSON
 * files are a few kB), in decimal MB as the Hub shows them, rounded up. Each model's source is in
 * its comment (the Hub's "Files and versions" pages of the repository, read in December 2026).
 * These numbers are only shown before the download: the exact size is read from the Hub's file
 * list when a download starts, and every file is checked against it (download.ts).
 *
 * Memory: an estimate, not a measurement of these models (no published figure was found for any of
 * them): what the model's page holds while it answers a short conversation, taken as at least 1.5
 * times the download plus 200 MB for the runtime, its WebAssembly and the conversation's cache, and
 * rounded up (tests/unit/local-model/device.test.ts holds the list to that). Benchmark 10 measures the page's memory with the tiny test model only.
 */
export type ModelDtype = 'q4' | 'q4f16';

export interface LocalModelInfo {
  /** The Hub repository (owner/name); also the model id a chat target names. */
  id: string;
  name: string;
  /** Approximate download in MB for each form. */
  downloadMb: Record<ModelDtype, number>;
  /** Approximate memory in MB while answering, for each form. */
  memoryMb: Record<ModelDtype, number>;
  /** One line for the user: what it is good for. */
  note: string;
  /**
   * `embedding`: a sentence-embedding model for search by meaning and collections (issue 19), run by
   * the `feature-extraction` pipeline; never offered as a chat model. Absent: a chat model.
   */
  kind?: 'embedding';
  /** An embedding model's vector length. */
  dims?: number;
}

export const LOCAL_MODELS: readonly LocalModelInfo[] = [
  {
    // huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main/onnx (after "Upload improved fp16
    // ONNX weights (#6)"): model_q4f16.onnx 134 MB, model_q4.onnx 200 MB. tokenizer.json about 2 MB:
    // not seen for this repository (its SmolLM siblings list 2.1 MB).
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    name: 'SmolLM2 135M Instruct',
    downloadMb: { q4f16: 137, q4: 203 },
    memoryMb: { q4f16: 450, q4: 550 },
    note: 'Tiny and fast anywhere; short answers, rewording, simple questions.',
  },
  {
    // huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct/tree/main/onnx (after "Upload improved ONNX
    // weights (#7)"): model_q4f16.onnx 299 MB, model_q4.onnx 417 MB. tokenizer.json about 2 MB, as above.
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    name: 'SmolLM2 360M Instruct',
    downloadMb: { q4f16: 302, q4: 420 },
    memoryMb: { q4f16: 700, q4: 900 },
    note: 'Still quick on WebAssembly; better at following instructions than 135M.',
  },
  {
    // huggingface.co/onnx-community/Qwen2.5-0.5B-Instruct/tree/main/onnx: model_q4f16.onnx 483 MB,
    // model_q4.onnx 786 MB; /tree/main: tokenizer.json 7.03 MB.
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    name: 'Qwen2.5 0.5B Instruct',
    downloadMb: { q4f16: 491, q4: 794 },
    memoryMb: { q4f16: 1100, q4: 1500 },
    note: 'Many languages, some reasoning and code; best with WebGPU.',
  },
  {
    // huggingface.co/onnx-community/Llama-3.2-1B-Instruct/tree/main/onnx: model_q4f16.onnx 1.07 GB,
    // model_q4.onnx 1.66 GB (no external data files for these two forms); /tree/main: tokenizer.json 9.09 MB.
    id: 'onnx-community/Llama-3.2-1B-Instruct',
    name: 'Llama 3.2 1B Instruct',
    downloadMb: { q4f16: 1080, q4: 1670 },
    memoryMb: { q4f16: 2000, q4: 2800 },
    note: 'The most capable here; wants WebGPU and 8 GB of memory.',
  },
  {
    // Sizes estimated from the model (22.7 M parameters, a 30,522-word table kept at 32 or 16 bits by
    // the 4-bit forms): the Hub's exact size is read before the download starts.
    id: 'Xenova/all-MiniLM-L6-v2',
    name: 'all-MiniLM-L6-v2 (embeddings)',
    downloadMb: { q4f16: 29, q4: 53 },
    memoryMb: { q4f16: 120, q4: 150 },
    note: 'For search by meaning and collections, not for chat: 384-dimension English sentence embeddings.',
    kind: 'embedding',
    dims: 384,
  },
];

/** A Hub repository id: owner/name, each of letters, digits, '.', '_' and '-'. */
export const HUB_REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

/** Where models are downloaded from unless the user names a mirror. */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

export function localModelInfo(id: string): LocalModelInfo | undefined {
  return LOCAL_MODELS.find((model) => model.id === id);
}

/** The listed embedding models (issue 19). */
export const LOCAL_EMBEDDING_MODELS: readonly LocalModelInfo[] = LOCAL_MODELS.filter((model) => model.kind === 'embedding');

/** A model's display name: the catalog's, or the repository's name part for one the user added. */
export function localModelName(id: string): string {
  return localModelInfo(id)?.name ?? id.slice(id.indexOf('/') + 1);
}
