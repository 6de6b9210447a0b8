import type { CatalogModel, LiveModel } from '@/src/catalog/catalog';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { FallbackChain } from '@/src/settings/schemas';
import type { KeyView } from '@/src/vault/schemas';
import type { ModelSummary } from '@/src/providers/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { strings } from '@/src/ui/strings';
import type { Prices } from '@/src/usage/prices';
import { formatUsd } from '@/src/shared/money';
import { formatContext } from './format';

/** What the picker shows about one model (its price is looked up when shown: the user's own prices can change meanwhile). */
export interface PickerModel {
  id: string;
  provider: ProviderId;
  local: boolean;
  contextWindow?: number;
  vision: boolean;
  /** The catalog says it calls tools / reasons before answering (false when unknown). */
  tools: boolean;
  reasoning: boolean;
}

export type KeyModels =
  | { state: 'loading' }
  | { state: 'live'; models: PickerModel[] }
  /** The live list failed: the catalog's models of the provider instead. */
  | { state: 'catalog'; models: PickerModel[] }
  | { state: 'failed' };

/** What a row of the picker marks a model with (from the catalog, the provider, or the built-in model). */
export type ModelBadge = 'vision' | 'reasoning' | 'tools' | 'on-device' | 'free' | 'local';

/** What the picker's button and rows show of a choice; status lines (loading, none) have none. */
export interface OptionDetails {
  /** The model id, the chain's name, or the built-in model's name. */
  name: string;
  /** Who answers: the provider (and the key, where a provider has several), or the chain's route. */
  source: string;
  /** Searched besides name and source: the catalog's display name and the model's family. */
  keywords: string;
  contextWindow?: number;
  /** USD per 1M tokens; 'unknown' when nothing prices it; absent while prices load and for free models. */
  price?: { input: number; output: number } | 'unknown';
  badges: ModelBadge[];
}

export interface ModelOption {
  value: string;
  /** The whole description in one line (the row's and the button's full text on hover). */
  label: string;
  targets: ChatTarget[];
  usable: boolean;
  details?: OptionDetails;
}

export interface ModelGroup {
  id: string;
  label: string;
  options: ModelOption[];
}

export const BUILT_IN_MODEL = 'gemini-nano';

/** Model ids that list endpoints return but that cannot chat. */
const NOT_CHAT = /embed|whisper|(^|[-_])tts|dall-e|moderation|transcri|rerank|text-to-speech|imagen/i;

export function optionValue(targets: readonly ChatTarget[], chainId?: string): string {
  if (chainId !== undefined) return `chain:${chainId}`;
  const [first] = targets;
  if (!first) return '';
  return first.keyId === null ? `builtin:${first.model}` : `key:${first.keyId}:${first.model}`;
}

export function sameTargets(a: readonly ChatTarget[], b: readonly ChatTarget[]): boolean {
  return a.length === b.length && a.every((target, index) => target.keyId === b[index]?.keyId && target.model === b[index]?.model);
}

export function fromLiveModel(model: LiveModel, summary?: ModelSummary): PickerModel {
  const local = PROVIDERS[model.provider].local;
  const known = !model.unknownPrice;
  const picked: PickerModel = {
    id: model.id,
    provider: model.provider,
    local,
    vision: known && model.vision,
    tools: known && model.tools,
    reasoning: known && model.reasoning,
  };
  if (!model.unknownPrice && model.contextWindow !== undefined) picked.contextWindow = model.contextWindow;
  if (picked.contextWindow === undefined && summary?.contextWindow) picked.contextWindow = summary.contextWindow;
  return picked;
}

export function fromCatalogModel(model: CatalogModel): PickerModel {
  const picked: PickerModel = { id: model.id, provider: model.provider, local: false, vision: model.vision, tools: model.tools, reasoning: model.reasoning };
  if (model.contextWindow !== undefined) picked.contextWindow = model.contextWindow;
  return picked;
}

/** Live ids merged with the catalog: chat models only, catalogued ones first, each part by id. */
export function pickerModelsFromLive(
  provider: ProviderId,
  live: readonly ModelSummary[],
  merge: (provider: ProviderId, ids: readonly string[]) => LiveModel[],
): PickerModel[] {
  const chat = live.filter((model) => !NOT_CHAT.test(model.id));
  const byId = new Map(chat.map((model) => [model.id, model]));
  const merged = merge(provider, chat.map((model) => model.id));
  const known = merged.filter((model) => !model.unknownPrice).sort((a, b) => a.id.localeCompare(b.id));
  const unknown = merged.filter((model) => model.unknownPrice).sort((a, b) => a.id.localeCompare(b.id));
  return [...known, ...unknown].map((model) => fromLiveModel(model, byId.get(model.id)));
}

/**
 * The model, the key it uses (named when the provider has more than one: the select shows only the
 * option), its price per 1M tokens (the user's own where set; left out until the prices have
 * loaded), context and vision.
 */
export function modelLabel(model: PickerModel, prices: Prices | undefined, keyName?: string): string {
  const parts = [model.id];
  if (keyName) parts.push(keyName);
  const price = model.local ? undefined : prices?.price(model.provider, model.id);
  if (model.local) parts.push(strings.chat.picker.local);
  else if (price) parts.push(strings.chat.picker.perMillion(formatUsd(price.input), formatUsd(price.output)));
  else if (prices) parts.push(strings.chat.picker.priceUnknown);
  if (model.contextWindow) parts.push(strings.chat.picker.context(formatContext(model.contextWindow)));
  if (model.vision) parts.push(strings.chat.picker.vision);
  return parts.join(' · ');
}

/**
 * The family a model id belongs to, for search: the id without its vendor path and version
 * (`anthropic/claude-3.5-sonnet` → `claude sonnet`, `gpt-4o-mini` → `gpt mini`).
 */
export function modelFamily(id: string): string {
  const bare = id.slice(id.lastIndexOf('/') + 1).replace(/^[a-z]+\./, '');
  return bare
    .split(/[-_.:\s]+/)
    .filter((part) => part !== '' && !/\d/.test(part))
    .join(' ');
}

function modelDetails(model: PickerModel, prices: Prices | undefined, keyName: string | undefined): OptionDetails {
  const provider = PROVIDERS[model.provider].name;
  const details: OptionDetails = {
    name: model.id,
    source: keyName ? `${provider} · ${keyName}` : provider,
    keywords: modelFamily(model.id),
    badges: [],
  };
  if (model.contextWindow) details.contextWindow = model.contextWindow;
  const price = model.local ? undefined : prices?.price(model.provider, model.id);
  if (price) details.price = { input: price.input, output: price.output };
  else if (prices && !model.local) details.price = 'unknown';
  if (model.vision) details.badges.push('vision');
  if (model.reasoning) details.badges.push('reasoning');
  if (model.tools) details.badges.push('tools');
  if (model.local) details.badges.push('local');
  if (model.local || (price && price.input === 0 && price.output === 0)) details.badges.push('free');
  return details;
}

/** `name`: how the key is told apart from others of its provider (its label unless that is not enough). */
export function keyGroupLabel(key: KeyView, name = key.label): string {
  // The organisation's gateway (issue 18): named as such, with its host (its label).
  if (key.organisation) return key.label ? `${strings.chat.picker.orgGateway} — ${key.label}` : strings.chat.picker.orgGateway;
  const provider = PROVIDERS[key.provider].name;
  const label = name && name !== provider ? `${provider} — ${name}` : provider;
  // A session-only key says so wherever it is picked (issue 18).
  return key.sessionOnly ? `${label} · ${strings.chat.picker.sessionOnly}` : label;
}

/**
 * How the picker names a key where one provider has several usable keys: its label when that tells
 * them apart, else with the key's mask (the mask alone for a key labelled just by its provider).
 * Keys alone for their provider are not named.
 */
export function keyNames(keys: readonly KeyView[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const key of keys) {
    const siblings = keys.filter((other) => other.provider === key.provider);
    if (siblings.length < 2) continue;
    const provider = PROVIDERS[key.provider].name;
    const label = key.label || provider;
    const unique = siblings.every((other) => other === key || (other.label || provider) !== label);
    if (!key.masked || (unique && label !== provider)) names.set(key.id, label);
    else names.set(key.id, label === provider ? key.masked : `${label} ${key.masked}`);
  }
  return names;
}

export interface GroupInput {
  keys: readonly KeyView[];
  models: ReadonlyMap<string, KeyModels>;
  chains: readonly FallbackChain[];
  builtIn: boolean;
  /** In-browser models downloaded completely (src/local-model), with their names; none when absent. */
  inBrowser?: readonly { id: string; name: string }[];
  /** The remembered choice: shown (and usable) while its key's models are still loading. */
  preferred?: readonly ChatTarget[];
  /** The catalog's prices with the user's own; undefined while they load. */
  prices?: Prices;
}

/** The picker's groups: one per usable key, Chrome's built-in model when present, then fallback chains. */
export function buildGroups({ keys, models, chains, builtIn, inBrowser = [], preferred, prices }: GroupInput): ModelGroup[] {
  const usableKeys = keys.filter((key) => !key.damaged);
  const usableKeyIds = new Set(usableKeys.map((key) => key.id));
  const names = keyNames(usableKeys);
  const groups: ModelGroup[] = usableKeys.map((key) => {
    const state = models.get(key.id) ?? { state: 'loading' };
    const name = names.get(key.id);
    const keyName = name === undefined ? undefined : strings.chat.picker.viaKey(name);
    const options: ModelOption[] = [];
    if (state.state === 'live' || state.state === 'catalog') {
      for (const model of state.models) {
        const targets = [{ keyId: key.id, model: model.id }];
        options.push({ value: optionValue(targets), label: modelLabel(model, prices, keyName), targets, usable: true, details: modelDetails(model, prices, keyName) });
      }
    }
    if (state.state === 'loading') {
      const remembered = preferred?.length === 1 && preferred[0]?.keyId === key.id ? preferred[0] : undefined;
      if (remembered) {
        const label = keyName ? `${remembered.model} · ${keyName}` : remembered.model;
        const provider = PROVIDERS[key.provider].name;
        const details: OptionDetails = { name: remembered.model, source: keyName ? `${provider} · ${keyName}` : provider, keywords: modelFamily(remembered.model), badges: [] };
        options.push({ value: optionValue([remembered]), label, targets: [{ ...remembered }], usable: true, details });
      }
      options.push({ value: `loading:${key.id}`, label: strings.chat.picker.loadingModels, targets: [], usable: false });
    }
    if (options.length === 0) options.push({ value: `none:${key.id}`, label: strings.chat.picker.noModels, targets: [], usable: false });
    const group = keyGroupLabel(key, name);
    const label = state.state === 'catalog' ? `${group} (${strings.chat.picker.liveFailed})` : group;
    return { id: `key:${key.id}`, label, options };
  });
  if (builtIn) {
    const targets = [{ keyId: null, model: BUILT_IN_MODEL }];
    groups.push({
      id: 'builtin',
      label: strings.chat.picker.builtIn,
      options: [
        {
          value: optionValue(targets),
          label: strings.chat.picker.builtInModel,
          targets,
          usable: true,
          details: { name: 'Gemini Nano', source: strings.chat.picker.builtInSource, keywords: 'gemini nano chrome', badges: ['on-device', 'free'] },
        },
      ],
    });
  }
  if (inBrowser.length > 0) {
    groups.push({
      id: 'in-browser',
      label: strings.chat.picker.inBrowser,
      options: inBrowser.map(({ id, name }) => {
        const targets = [{ keyId: null, model: id }];
        return {
          value: optionValue(targets),
          label: `${name} · ${strings.chat.picker.free} · ${strings.chat.picker.inBrowserSource}`,
          targets,
          usable: true,
          details: { name, source: strings.chat.picker.inBrowserSource, keywords: id, badges: ['on-device', 'free'] },
        };
      }),
    });
  }
  if (chains.length > 0) {
    groups.push({
      id: 'chains',
      label: strings.chat.picker.fallbackChains,
      options: chains.map((chain) => {
        const usable = chain.targets.every((target) => (target.keyId === null ? (target.model === BUILT_IN_MODEL ? builtIn : inBrowser.some((model) => model.id === target.model)) : usableKeyIds.has(target.keyId)));
        const route = chain.targets.map((target) => target.model).join(' → ');
        const label = `${chain.name} (${route})${usable ? '' : ` — ${strings.chat.picker.unavailable}`}`;
        const details: OptionDetails = { name: chain.name, source: strings.chat.picker.chainSource(route), keywords: route, badges: [] };
        return { value: optionValue(chain.targets, chain.id), label, targets: chain.targets.map((target) => ({ ...target })), usable, details };
      }),
    });
  }
  return groups;
}

/** The option to select: the preferred one when it can be used, else the first usable one. */
export function chooseOption(groups: readonly ModelGroup[], preferred: readonly ChatTarget[] | undefined): ModelOption | undefined {
  const options = groups.flatMap((group) => group.options).filter((option) => option.usable);
  if (preferred && preferred.length > 0) {
    const match = options.find((option) => sameTargets(option.targets, preferred));
    if (match) return match;
  }
  return options[0];
}
