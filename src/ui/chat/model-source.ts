import { send } from '@/src/messaging/client';
import type { ModelSummary } from '@/src/providers/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { loadCatalog } from './catalog-loader';
import { fromCatalogModel, pickerModelsFromLive, type KeyModels } from './model-options';

/** Live model lists per key, kept for the life of the page (only successful lists are kept). */
const liveLists = new Map<string, Promise<ModelSummary[]>>();

function liveModels(keyId: string): Promise<ModelSummary[]> {
  let list = liveLists.get(keyId);
  if (!list) {
    list = send('models.list', { keyId }).then(({ models }) => models);
    liveLists.set(keyId, list);
    list.catch(() => liveLists.delete(keyId));
  }
  return list;
}

/** Forgets the cached lists (tests; or after keys change). */
export function clearModelCache(): void {
  liveLists.clear();
}

/** The models of one key: its live list merged with the catalog, else the catalog's models of its provider. */
export async function modelsForKey(keyId: string, provider: ProviderId): Promise<KeyModels> {
  const catalog = loadCatalog();
  try {
    const live = await liveModels(keyId);
    const { mergeWithLiveModels } = await catalog;
    return { state: 'live', models: pickerModelsFromLive(provider, live, mergeWithLiveModels) };
  } catch {
    const { getCatalog } = await catalog;
    const known = getCatalog()
      .models.filter((model) => model.provider === provider)
      .map(fromCatalogModel)
      .sort((a, b) => a.id.localeCompare(b.id));
    return known.length > 0 ? { state: 'catalog', models: known } : { state: 'failed' };
  }
}
