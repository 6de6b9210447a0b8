/**
 * The model catalog (about 130 KB of prices and limits) and the built-in model check are loaded on
 * demand, so the popup paints its composer before they arrive.
 */
type CatalogModule = typeof import('@/src/catalog/catalog');

let catalog: Promise<CatalogModule> | undefined;

export function loadCatalog(): Promise<CatalogModule> {
  catalog ??= import('@/src/catalog/catalog');
  return catalog;
}

/** Whether Chrome's on-device model can answer now (it may finish downloading while a page is open). */
export function builtInAvailable(): Promise<boolean> {
  return import('@/src/providers/chrome-built-in')
    .then(({ isBuiltInModelAvailable }) => isBuiltInModelAvailable())
    .catch(() => false);
}

/** The in-browser chat models downloaded completely (Cache Storage, src/local-model/store.ts), loaded after the first paint; embedding models are not chat models. */
export function downloadedLocalModels(): Promise<{ id: string; name: string }[]> {
  return Promise.all([import('@/src/local-model/embedding'), import('@/src/local-model/catalog')])
    .then(async ([{ downloadedModelKinds }, { localModelName }]) =>
      (await downloadedModelKinds()).filter((model) => !model.embedding).map((model) => ({ id: model.id, name: localModelName(model.id) })),
    )
    .catch(() => []);
}
