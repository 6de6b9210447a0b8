import { z } from 'zod/mini';
import { localStore } from '@/src/platform/local-store';
import { strings } from '@/src/ui/strings';

export const PromptPreset = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  text: z.string().check(z.minLength(1), z.maxLength(20_000)),
});
export type PromptPreset = z.infer<typeof PromptPreset>;

const STORAGE_KEY = 'promptLibrary';
const Library = z.array(PromptPreset).check(z.maxLength(200));

export const DEFAULT_PROMPTS: readonly PromptPreset[] = strings.chat.prompts.defaults.map((preset) => ({ ...preset }));

/** The user's system-prompt presets; the defaults until the user changes the library. */
export async function readPromptLibrary(): Promise<PromptPreset[]> {
  try {
    const stored = await localStore().get(STORAGE_KEY);
    if (stored[STORAGE_KEY] === undefined) return DEFAULT_PROMPTS.map((preset) => ({ ...preset }));
    const parsed = Library.safeParse(stored[STORAGE_KEY]);
    return parsed.success ? parsed.data : DEFAULT_PROMPTS.map((preset) => ({ ...preset }));
  } catch {
    return DEFAULT_PROMPTS.map((preset) => ({ ...preset }));
  }
}

export async function writePromptLibrary(presets: readonly PromptPreset[]): Promise<void> {
  await localStore().set({ [STORAGE_KEY]: presets.map((preset) => ({ ...preset })) });
}

export function newPromptId(): string {
  return crypto.randomUUID();
}
