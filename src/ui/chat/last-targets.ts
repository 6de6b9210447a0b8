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
    await Promise.all([lastTargets.set(value), surface ? lastTargetsOn[surface].set(value) : undefined]);
  } catch {
    // Remembering the choice is a convenience; the chat works without it.
  }
}
