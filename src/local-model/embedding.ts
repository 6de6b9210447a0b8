/**
 * Which downloaded in-browser models embed (issue 19): those the catalog lists as embedding models,
 * and a model the user added by name whose config names no text-generating architecture (a
 * sentence-embedding model is an encoder: `BertModel`, `XLMRobertaModel`…, never `…ForCausalLM`).
 * The chat's model picker leaves them out; the embedding model choices offer them.
 */
import { localModelInfo } from './catalog';
import { listStoredModels, openModelCache, readCheckedFile } from './store';

const GENERATES_TEXT = /For(CausalLM|ConditionalGeneration)$|LMHeadModel$/;

/** Whether a downloaded model is an embedding model; a config that cannot be read says no. */
export async function isEmbeddingModel(id: string, cache?: Cache): Promise<boolean> {
  const listed = localModelInfo(id);
  if (listed) return listed.kind === 'embedding';
  try {
    const data = await readCheckedFile(id, 'config.json', cache ?? (await openModelCache()));
    if (!data) return false;
    const config = JSON.parse(new TextDecoder().decode(data)) as { architectures?: unknown };
    const architectures = Array.isArray(config.architectures) ? config.architectures.filter((name): name is string => typeof name === 'string') : [];
    return architectures.length > 0 && !architectures.some((name) => GENERATES_TEXT.test(name));
  } catch {
    return false;
  }
}

/** The completely downloaded models, each with whether it embeds. */
export async function downloadedModelKinds(): Promise<{ id: string; embedding: boolean }[]> {
  const complete = (await listStoredModels()).filter((model) => model.manifest !== undefined);
  return Promise.all(complete.map(async (model) => ({ id: model.id, embedding: await isEmbeddingModel(model.id) })));
}
