import { defineLocalItem } from '@/src/platform/storage-item';

/**
 * The user's own prompts (system-prompt presets), kept in the local store: the one owner of the
 * `promptLibrary` key and its format. The chat's library editor writes it; the chat, the side
 * panel's selection actions and the worker's context menu read it, all through `promptLibrary`.
 * Plain checks rather than a schema library: the background worker imports this and must stay small.
 *
 * One set of limits, the ones the editor enforces (so anything the user can save reads back):
 * a name of at most 100 characters, a text of at most 20,000, at most 200 prompts. The context
 * menu's 50,000-character allowance was looser than anything the editor lets the user write.
 */
export interface PromptPreset {
  id: string;
  name: string;
  text: string;
}

export const MAX_PROMPT_ID_CHARS = 64;
export const MAX_PROMPT_NAME_CHARS = 100;
export const MAX_PROMPT_TEXT_CHARS = 20_000;
export const MAX_PROMPTS = 200;

/** The context menu shows at most this many of the user's prompts (a display limit, not a storage one). */
export const MAX_MENU_PROMPTS = 20;

function asPreset(value: unknown): PromptPreset | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, name, text } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_PROMPT_ID_CHARS) return undefined;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_PROMPT_NAME_CHARS) return undefined;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_PROMPT_TEXT_CHARS) return undefined;
  return { id, name, text };
}

/**
 * The stored library: its well-formed prompts, in order, without repeated ids (one damaged prompt
 * does not cost the user the others); undefined when what is stored is not a list at all.
 */
export function parsePromptLibrary(value: unknown): PromptPreset[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const seen = new Set<string>();
  const prompts: PromptPreset[] = [];
  for (const item of value) {
    const prompt = asPreset(item);
    if (!prompt || seen.has(prompt.id)) continue;
    seen.add(prompt.id);
    prompts.push(prompt);
    if (prompts.length === MAX_PROMPTS) break;
  }
  return prompts;
}

/** Undefined until the user saves a library (the chat then offers its built-in defaults; the menu, none). */
export const promptLibrary = defineLocalItem<PromptPreset[] | undefined>('promptLibrary', { parse: parsePromptLibrary, fallback: () => undefined });

/** The prompts the context menu lists, with names on one line. */
export function menuPrompts(prompts: readonly PromptPreset[]): PromptPreset[] {
  return prompts.slice(0, MAX_MENU_PROMPTS).map((prompt) => ({ ...prompt, name: prompt.name.trim().replace(/\s+/g, ' ') }));
}
