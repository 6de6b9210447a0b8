import { optionsStrings } from '@/src/ui/options/options-strings';

/** "Set by your organisation", beside a control the policy decides (and that is disabled for it). */
export function ManagedNote({ id }: { id?: string }) {
  return (
    <span id={id} className="badge badge-managed">
      {optionsStrings.policy.setByOrganisation}
    </span>
  );
}
