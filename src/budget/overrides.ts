import { defineSessionItem } from '@/src/platform/storage-item';

/** `storage.session`: caps the user chose to pass once. Gone when used, or when the browser closes. */
const overridesItem = defineSessionItem<string[]>('budget-overrides', {
  parse: (value) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : undefined),
  fallback: () => [],
});

export function readOverrides(): Promise<string[]> {
  return overridesItem.get();
}

export async function armOverride(capId: string): Promise<void> {
  const armed = await readOverrides();
  if (!armed.includes(capId)) await overridesItem.set([...armed, capId]);
}

/** Uses up the overrides of these caps. */
export async function takeOverrides(capIds: readonly string[]): Promise<void> {
  if (capIds.length === 0) return;
  await overridesItem.set((await readOverrides()).filter((id) => !capIds.includes(id)));
}
