import { ChatTargets, type ChatTarget } from '@/src/chat/port-protocol';
import { defineLocalItem } from '@/src/platform/storage-item';

/** Where a chat is shown: each surface remembers the model (and so the key) chosen in it last. */
export type ChatSurface = 'popup' | 'sidepanel';

/** Read with the port's own check of targets (one parser of a choice, wherever it is kept). */
const targets = {
  parse(value: unknown): ChatTarget[] | undefined {
    const parsed = ChatTargets.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  },
  fallback: () => undefined,
};

/** The last choice on any surface: what a surface starts with before anything was chosen in it. */
const lastTargets = defineLocalItem<ChatTarget[] | undefined>('lastTargets', targets);
const lastTargetsOn = {
  popup: defineLocalItem<ChatTarget[] | undefined>('lastTargets.popup', targets),
  sidepanel: defineLocalItem<ChatTarget[] | undefined>('lastTargets.sidepanel', targets),
} satisfies Record<ChatSurface, unknown>;

/** How many recent choices the picker offers at its top. */
export const RECENT_LIMIT = 5;

/** The last few choices on any surface, newest first (the picker's "Recently used"). */
const recentTargets = defineLocalItem<ChatTarget[][]>('recentTargets', {
  parse(value) {
    if (!Array.isArray(value)) return undefined;
    return value
      .map((entry) => targets.parse(entry))
      .filter((entry): entry is ChatTarget[] => entry !== undefined)
      .slice(0, RECENT_LIMIT);
  },
  fallback: () => [],
});

function same(a: readonly ChatTarget[], b: readonly ChatTarget[]): boolean {
  return a.length === b.length && a.every((target, index) => target.keyId === b[index]?.keyId && target.model === b[index]?.model);
}

/** The recent choices, newest first; none when unreadable. */
export async function readRecentTargets(): Promise<ChatTarget[][]> {
  try {
    return await recentTargets.get();
  } catch {
    return [];
  }
}

/**
 * The model (or chain) chosen last on `surface`, else the one chosen last anywhere; undefined when
 * none was saved or it is unreadable. Without a surface: the one chosen last anywhere.
 */
export async function readLastTargets(surface?: ChatSurface): Promise<ChatTarget[] | undefined> {
  try {
    const [onSurface, anywhere] = await Promise.all([surface ? lastTargetsOn[surface].get() : undefined, lastTargets.get()]);
    return onSurface ?? anywhere;
  } catch {
    return undefined;
  }
}

/** Remembers the choice for `surface` and as the last one anywhere. */
export async function writeLastTargets(chosen: readonly ChatTarget[], surface?: ChatSurface): Promise<void> {
  const value = chosen.map((target) => ({ keyId: target.keyId, model: target.model }));
  try {
    const recent = [value, ...(await recentTargets.get()).filter((entry) => !same(entry, value))].slice(0, RECENT_LIMIT);
    await Promise.all([lastTargets.set(value), surface ? lastTargetsOn[surface].set(value) : undefined, recentTargets.set(recent)]);
  } catch {
    // Remembering the choice is a convenience; the chat works without it.
  }
}
