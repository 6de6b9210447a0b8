import type { KeyView } from '@/src/vault/schemas';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** A key's name as the page shows it: its label, or a word for a damaged record whose label could not be read. */
export function keyLabel(view: KeyView): string {
  return view.label || optionsStrings.keys.unreadableLabel;
}
