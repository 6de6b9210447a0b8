import { promptLibrary, type PromptPreset } from '@/src/page/prompt-library';
import { strings } from '@/src/ui/strings';

export type { PromptPreset };

export const DEFAULT_PROMPTS: readonly PromptPreset[] = strings.chat.prompts.defaults.map((preset) => ({ ...preset }));

const defaults = () => DEFAULT_PROMPTS.map((preset) => ({ ...preset }));

/** The user's system-prompt presets; the defaults until the user saves the library (or when it cannot be read). */
export async function readPromptLibrary(): Promise<PromptPreset[]> {
  try {
    return (await promptLibrary.get()) ?? defaults();
  } catch {
    return defaults();
  }
}

export async function writePromptLibrary(presets: readonly PromptPreset[]): Promise<void> {
  await promptLibrary.set(presets.map((preset) => ({ ...preset })));
}

export function newPromptId(): string {
  return crypto.randomUUID();
}
