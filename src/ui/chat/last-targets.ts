import { z } from 'zod/mini';
import { ChatTarget } from '@/src/chat/port-protocol';
import { localStore } from '@/src/platform/local-store';

const STORAGE_KEY = 'lastTargets';
const Targets = z.array(ChatTarget).check(z.minLength(1), z.maxLength(5));

/** The model (or chain) chosen last, in any chat; undefined when none was saved or it is unreadable. */
export async function readLastTargets(): Promise<ChatTarget[] | undefined> {
  try {
    const stored = await localStore().get(STORAGE_KEY);
    const parsed = Targets.safeParse(stored[STORAGE_KEY]);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeLastTargets(targets: readonly ChatTarget[]): Promise<void> {
  try {
    await localStore().set({ [STORAGE_KEY]: targets.map((target) => ({ keyId: target.keyId, model: target.model })) });
  } catch {
    // Remembering the choice is a convenience; the chat works without it.
  }
}
