import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_PROMPTS, readPromptLibrary, writePromptLibrary, type PromptPreset } from './prompt-library';

export interface PromptLibraryState {
  presets: PromptPreset[];
  save(presets: PromptPreset[]): Promise<void>;
}

/** The prompt library from the local store (the defaults until it loads or when none is saved). */
export function usePromptLibrary(): PromptLibraryState {
  const [presets, setPresets] = useState<PromptPreset[]>(() => DEFAULT_PROMPTS.map((preset) => ({ ...preset })));
  const changed = useRef(false);
  useEffect(() => {
    let live = true;
    // A change made before the stored library arrived wins over it.
    void readPromptLibrary().then((stored) => live && !changed.current && setPresets(stored));
    return () => {
      live = false;
    };
  }, []);
  const save = useCallback(async (next: PromptPreset[]) => {
    changed.current = true;
    setPresets(next);
    await writePromptLibrary(next);
  }, []);
  return { presets, save };
}
