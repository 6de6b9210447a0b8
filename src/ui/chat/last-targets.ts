import { z } from 'zod/mini';
import { ChatTarget } from '@/src/chat/port-protocol';
import { localStore } from '@/src/platform/local-store';

/** Where a chat is shown: each surface remembers the model (and so the key) chosen in it last. */
export type ChatSurface = 'popup' | 'sidepanel';

/** The last choice on any surface: what a surface starts with before anything was chosen in it. */
const SHARED_KEY = 'lastTargets';
const surfaceKey = (surface: ChatSurface) => `lastTargets.${surface}`;
const Targets = z.array(ChatTarget).check(z.minLength(1), z.maxLength(5));

function parse(value: unknown): ChatTarget[] | undefined {
  const parsed = Targets.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The model (or chain) chosen last on `surface`, else the one chosen last anywhere; undefined when
 * none was saved or it is unreadable. Without a surface: the one chosen last anywhere.
 */
export async function readLastTargets(surface?: ChatSurface): Promise<ChatTarget[] | undefined> {
  try {
    const keys = surface ? [surfaceKey(surface), SHARED_KEY] : [SHARED_KEY];
    const stored = await localStore().get(keys);
    for (const key of keys) {
      const targets = parse(stored[key]);
      if (targets) return targets;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the choice for `surface` and as the last one anywhere. */
export async function writeLastTargets(targets: readonly ChatTarget[], surface?: ChatSurface): Promise<void> {
  const value = targets.map((target) => ({ keyId: target.keyId, model: target.model }));
  try {
    await localStore().set({ [SHARED_KEY]: value, ...(surface ? { [surfaceKey(surface)]: value } : {}) });
  } catch {
    // Remembering the choice is a convenience; the chat works without it.
  }
}
