import type { KeyView } from '@/src/vault/schemas';
import { strings } from '@/src/ui/strings';

/** A key's name as the page shows it: its label, or a word for a damaged record whose label could not be read. */
export function keyLabel(view: KeyView): string {
  return view.label || strings.keys.unreadableLabel;
}
