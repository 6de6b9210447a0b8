import type { FallbackChain } from '@/src/settings/schemas';

export const MAX_CHAIN_STEPS = 5;

export interface StepDraft {
  keyId: string;
  model: string;
}

export interface ChainDraft {
  id: string;
  name: string;
  steps: StepDraft[];
}

export function emptyChain(): ChainDraft {
  return { id: crypto.randomUUID(), name: '', steps: [{ keyId: '', model: '' }] };
}

export function draftOf(chain: FallbackChain): ChainDraft {
  return { id: chain.id, name: chain.name, steps: chain.targets.map((target) => ({ keyId: target.keyId ?? '', model: target.model })) };
}

/** The chain to save, or undefined when a name, key or model is missing. */
export function chainOf(draft: ChainDraft): FallbackChain | undefined {
  const name = draft.name.trim();
  const steps = draft.steps.map((step) => ({ keyId: step.keyId, model: step.model.trim() }));
  if (!name || steps.length === 0 || steps.length > MAX_CHAIN_STEPS || steps.some((step) => !step.keyId || !step.model)) return undefined;
  return { id: draft.id, name, targets: steps };
}

export function moveStep(steps: readonly StepDraft[], index: number, delta: -1 | 1): StepDraft[] {
  const target = index + delta;
  if (target < 0 || target >= steps.length) return [...steps];
  const next = [...steps];
  [next[index], next[target]] = [next[target] as StepDraft, next[index] as StepDraft];
  return next;
}

/** Replaces or appends a chain by id. */
export function upsertChain(chains: readonly FallbackChain[], chain: FallbackChain): FallbackChain[] {
  return chains.some((existing) => existing.id === chain.id)
    ? chains.map((existing) => (existing.id === chain.id ? chain : existing))
    : [...chains, chain];
}
