/**
 * The in-browser models Keyward offers (Transformers.js, ONNX weights from the Hugging Face Hub).
 * Small instruct models that run on an ordinary laptop. Each is downloaded in one of two forms:
 * `q4f16` (4-bit weights, 16-bit compute) where the browser has WebGPU, `q4` (4-bit weights, 32-bit
 * compute, what WebAssembly runs best) otherwise. Sizes are the Hub's file sizes rounded (the exact
 * size is read from the Hub before a download starts); memory is what the model's page holds while
 * it answers a short conversation, about 1.5 times the weights plus the runtime.
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
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    name: 'SmolLM2 135M Instruct',
    downloadMb: { q4f16: 120, q4: 180 },
    memoryMb: { q4f16: 400, q4: 500 },
    note: 'Tiny and fast anywhere; short answers, rewording, simple questions.',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    name: 'SmolLM2 360M Instruct',
    downloadMb: { q4f16: 260, q4: 380 },
    memoryMb: { q4f16: 700, q4: 900 },
    note: 'Still quick on WebAssembly; better at following instructions than 135M.',
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    name: 'Qwen2.5 0.5B Instruct',
    downloadMb: { q4f16: 483, q4: 786 },
    memoryMb: { q4f16: 1100, q4: 1500 },
    note: 'Many languages, some reasoning and code; best with WebGPU.',
  },
  {
    id: 'onnx-community/Llama-3.2-1B-Instruct',
    name: 'Llama 3.2 1B Instruct',
    downloadMb: { q4f16: 1000, q4: 1500 },
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
