/**
 * Merges the two price lists into the catalog: genai-prices for prices (tiers and cache-read price
 * included), litellm for context window, output limit and capabilities, and litellm's price only for
 * models genai-prices does not price.
 */
import { CATALOG_PROVIDERS } from '../types.ts';
import type { CatalogEntry, CatalogFile, CatalogProviderId, EmbeddingEntry, ModelPrice } from '../types.ts';
import { findGenaiModel, genaiPricing, parseGenaiPrices } from './genai.ts';
import type { GenaiModel, GenaiProvider } from './genai.ts';
import { litellmPrice, parseLitellmPrices, perMillion } from './litellm.ts';
import type { LitellmModel } from './litellm.ts';
import { PROVIDER_SOURCES } from './sources.ts';
import { withoutDateSuffix } from '../ids.ts';

export interface PriceListInput {
  file: string;
  /** YYYY-MM-DD */
  date: string;
  data: unknown;
}

export interface BuildInput {
  genai: PriceListInput;
  litellm: PriceListInput;
}

export interface BuildResult {
  catalog: CatalogFile;
  /** `provider/id` of each model whose two list prices differ, for the build log. */
  conflicts: string[];
}

/**
 * The embedding models each provider offers (issue 19): the id its API takes, its key in litellm's
 * list, and its vector length where the list does not give one (from each provider's model pages).
 * OpenAI's are priced by genai-prices first, as its chat models are; the others by litellm.
 */
interface EmbeddingSource {
  provider: CatalogProviderId;
  id: string;
  litellm: string;
  dims?: number;
}
const EMBEDDING_MODELS: readonly EmbeddingSource[] = [
  { provider: 'openai', id: 'text-embedding-3-large', litellm: 'text-embedding-3-large' },
  { provider: 'openai', id: 'text-embedding-3-small', litellm: 'text-embedding-3-small' },
  { provider: 'azure-openai', id: 'text-embedding-3-large', litellm: 'azure/text-embedding-3-large', dims: 3072 },
  { provider: 'azure-openai', id: 'text-embedding-3-small', litellm: 'azure/text-embedding-3-small', dims: 1536 },
  { provider: 'gemini', id: 'gemini-embedding-001', litellm: 'gemini/gemini-embedding-001' },
  { provider: 'vertex', id: 'gemini-embedding-001', litellm: 'gemini-embedding-001' },
  { provider: 'vertex', id: 'text-embedding-005', litellm: 'text-embedding-005' },
  { provider: 'vertex', id: 'text-multilingual-embedding-002', litellm: 'text-multilingual-embedding-002' },
  { provider: 'mistral', id: 'mistral-embed', litellm: 'mistral/mistral-embed', dims: 1024 },
  { provider: 'mistral', id: 'codestral-embed', litellm: 'mistral/codestral-embed', dims: 1536 },
  { provider: 'cohere', id: 'embed-v4.0', litellm: 'cohere/embed-v4.0' },
  { provider: 'cohere', id: 'embed-english-v3.0', litellm: 'embed-english-v3.0', dims: 1024 },
  { provider: 'cohere', id: 'embed-multilingual-v3.0', litellm: 'embed-multilingual-v3.0', dims: 1024 },
  { provider: 'cohere', id: 'embed-english-light-v3.0', litellm: 'embed-english-light-v3.0', dims: 384 },
  { provider: 'bedrock', id: 'amazon.titan-embed-text-v2:0', litellm: 'amazon.titan-embed-text-v2:0' },
  { provider: 'bedrock', id: 'cohere.embed-english-v3', litellm: 'cohere.embed-english-v3', dims: 1024 },
  { provider: 'bedrock', id: 'cohere.embed-multilingual-v3', litellm: 'cohere.embed-multilingual-v3', dims: 1024 },
  { provider: 'bedrock', id: 'cohere.embed-v4:0', litellm: 'cohere.embed-v4:0' },
];

interface Context {
  genai: GenaiProvider[];
  litellm: LitellmModel[];
  genaiDate: string;
  litellmDate: string;
  conflicts: string[];
}

/** litellm entries of the providers the catalog reads must parse: a changed format must not drop models. */
function readLitellm(data: unknown): LitellmModel[] {
  const { models, invalid } = parseLitellmPrices(data);
  const read = new Set(Object.values(PROVIDER_SOURCES).flatMap((source) => source.litellm));
  const broken = invalid.filter((entry) => read.has(entry.provider)).map((entry) => entry.key);
  if (broken.length > 0) throw new Error(`litellm entries with an unexpected shape: ${broken.join(', ')}`);
  return models;
}

export function buildCatalog(input: BuildInput): BuildResult {
  const context: Context = {
    genai: parseGenaiPrices(input.genai.data),
    litellm: readLitellm(input.litellm.data),
    genaiDate: input.genai.date,
    litellmDate: input.litellm.date,
    conflicts: [],
  };
  const providers = Object.fromEntries(
    CATALOG_PROVIDERS.map((provider) => [provider, providerEntries(context, provider)]),
  ) as Record<CatalogProviderId, CatalogEntry[]>;
  const models = CATALOG_PROVIDERS.reduce((sum, provider) => sum + providers[provider].length, 0);
  return {
    catalog: {
      meta: {
        sources: {
          'genai-prices': { date: input.genai.date, file: input.genai.file },
          litellm: { date: input.litellm.date, file: input.litellm.file },
        },
        conflicts: context.conflicts.length,
        models,
      },
      providers,
      embeddings: embeddingEntries(context),
    },
    conflicts: context.conflicts,
  };
}

/** Compact and with a fixed order, so that rebuilding from the same lists gives the same bytes. */
export function serializeCatalog(catalog: CatalogFile): string {
  return `${JSON.stringify(catalog)}\n`;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function isDeprecated(model: LitellmModel, listDate: string): boolean {
  return model.deprecation_date !== undefined && model.deprecation_date <= listDate;
}

/** One litellm model per API id: several keys (regional copies) can name the same id. */
function litellmByApiId(context: Context, provider: CatalogProviderId): Map<string, LitellmModel> {
  const source = PROVIDER_SOURCES[provider];
  const chosen = new Map<string, LitellmModel>();
  for (const model of context.litellm) {
    if (!source.litellm.includes(model.litellm_provider) || (model.mode !== 'chat' && model.mode !== 'responses')) continue;
    const id = source.fromLitellm(model.key);
    if (id === undefined) continue;
    const current = chosen.get(id);
    // The shortest key is the unprefixed one; ties break by key so the choice never depends on file order.
    if (!current || model.key.length < current.key.length || (model.key.length === current.key.length && model.key < current.key)) {
      chosen.set(id, model);
    }
  }
  return chosen;
}

function providerEntries(context: Context, provider: CatalogProviderId): CatalogEntry[] {
  const source = PROVIDER_SOURCES[provider];
  const entries = new Map<string, CatalogEntry>();
  const genaiUsed = new Set<GenaiModel>();
  const disputed = new Set<string>();

  for (const [id, model] of litellmByApiId(context, provider)) {
    const genaiModel = findGenaiModel(context.genai, source.genai, id);
    if (genaiModel) genaiUsed.add(genaiModel);
    if (isDeprecated(model, context.litellmDate) || genaiModel?.deprecated) continue;
    const entry = mergedEntry(context, id, model, genaiModel);
    if (!entry) continue;
    entries.set(id, entry);
    const litellm = litellmPrice(model);
    if (entry.source === 'genai-prices' && litellm && !samePrice(entry.price, litellm)) disputed.add(id);
  }

  const own = context.genai.find((p) => p.id === source.genai)?.models ?? [];
  for (const genaiModel of own) {
    if (genaiUsed.has(genaiModel) || genaiModel.deprecated) continue;
    const id = source.fromGenai(genaiModel.id);
    if (id === undefined || entries.has(id)) continue;
    const pricing = genaiPricing(genaiModel, context.genaiDate);
    if (!pricing) continue;
    entries.set(id, {
      id,
      ...(genaiModel.name !== undefined && { name: genaiModel.name }),
      ...(genaiModel.context_window !== undefined && { contextWindow: genaiModel.context_window }),
      ...pricing,
      source: 'genai-prices',
    });
  }
  const kept = dropDuplicates([...entries.values()]).sort(byId);
  for (const entry of kept) if (disputed.has(entry.id)) context.conflicts.push(`${provider}/${entry.id}`);
  return kept;
}

function mergedEntry(
  context: Context,
  id: string,
  model: LitellmModel,
  genaiModel: GenaiModel | undefined,
): CatalogEntry | undefined {
  const fromGenai = genaiModel && genaiPricing(genaiModel, context.genaiDate);
  const fromLitellm = litellmPrice(model);
  const pricing = fromGenai ?? (fromLitellm && { price: fromLitellm });
  if (!pricing) return undefined;
  const contextWindow = model.max_input_tokens ?? genaiModel?.context_window;
  // genai-prices names a family ("Claude Sonnet 4" for every claude-sonnet-4-*): only its own id gets it.
  const name = genaiModel?.id === id ? genaiModel.name : undefined;
  return {
    id,
    ...(name !== undefined && { name }),
    ...(contextWindow !== undefined && { contextWindow }),
    ...(model.max_output_tokens !== undefined && { maxOutputTokens: model.max_output_tokens }),
    ...(model.supports_vision === true && { vision: true }),
    ...(model.supports_pdf_input === true && { pdf: true }),
    ...(model.supports_function_calling === true && { tools: true }),
    ...(model.supports_reasoning === true && { reasoning: true }),
    ...pricing,
    source: fromGenai ? 'genai-prices' : 'litellm',
  };
}

/** Compares what both lists state; a cache price only one list knows is not a disagreement. */
function samePrice(a: ModelPrice, b: ModelPrice): boolean {
  const close = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return (
    close(a.input, b.input) &&
    close(a.output, b.output) &&
    (a.cachedInput === undefined || b.cachedInput === undefined || close(a.cachedInput, b.cachedInput))
  );
}

/** What an entry says apart from the id it is filed under. */
function content(entry: CatalogEntry): string {
  return JSON.stringify({ ...entry, id: undefined, name: undefined });
}

/**
 * Drops a dated snapshot (`gpt-4o-2024-08-06`) that says the same as its undated alias, and a Bedrock
 * `global.` profile priced like the in-region id: findModel resolves both to the entry kept.
 */
function dropDuplicates(entries: CatalogEntry[]): CatalogEntry[] {
  const ids = new Map(entries.map((entry) => [entry.id, entry]));
  return entries.filter((entry) => {
    const alias = withoutDateSuffix(entry.id.replace(/^global\./, ''));
    const kept = alias !== entry.id ? ids.get(alias) : undefined;
    return !kept || content(kept) !== content(entry);
  });
}

function embeddingEntries(context: Context): EmbeddingEntry[] {
  const entries: EmbeddingEntry[] = [];
  for (const source of EMBEDDING_MODELS) {
    const { id, provider } = source;
    const genaiModel = provider === 'openai' ? findGenaiModel(context.genai, 'openai', id) : undefined;
    const model = context.litellm.find((m) => m.key === source.litellm);
    const genaiInput = genaiModel && genaiPrice(genaiModel, context.genaiDate);
    const litellmInput = model?.input_cost_per_token;
    const input = genaiInput ?? (litellmInput !== undefined ? perMillion(litellmInput) : undefined);
    if (input === undefined) continue;
    const maxInputTokens = model?.max_input_tokens ?? genaiModel?.context_window;
    const dims = model?.output_vector_size ?? source.dims;
    entries.push({
      id,
      provider,
      input,
      ...(maxInputTokens !== undefined && { maxInputTokens }),
      ...(dims !== undefined && { dims }),
      source: genaiInput !== undefined ? 'genai-prices' : 'litellm',
    });
  }
  return entries.sort((a, b) => a.provider.localeCompare(b.provider) || byId(a, b));
}

/** Embedding models have an input price only. */
function genaiPrice(model: GenaiModel, listDate: string): number | undefined {
  if (Array.isArray(model.prices)) return genaiPricing(model, listDate)?.price.input;
  const input = model.prices.input_mtok;
  return typeof input === 'number' ? input : input?.base;
}
