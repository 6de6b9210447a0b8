import { useId } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { KeyRow, type KeyRowProps } from './KeyRow';
import { optionsStrings } from '@/src/ui/options/options-strings';

function ProviderGroup({ provider, keys, ...handlers }: { provider: ProviderId; keys: KeyView[] } & Omit<KeyRowProps, 'view'>) {
  const headingId = useId();
  return (
    <section className="provider-group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {PROVIDERS[provider].name} <span className="muted count">({optionsStrings.keys.keyCount(keys.length)})</span>
      </h3>
      <ul className="key-list">
        {keys.map((view) => (
          <KeyRow key={view.id} view={view} {...handlers} />
        ))}
      </ul>
    </section>
  );
}

/** The keys grouped by provider, in the providers' usual order. */
export function KeyList({ keys, ...handlers }: { keys: KeyView[] } & Omit<KeyRowProps, 'view'>) {
  const groups = PROVIDER_IDS.map((provider) => ({ provider, keys: keys.filter((view) => view.provider === provider) })).filter(
    (group) => group.keys.length > 0,
  );
  return (
    <div className="key-groups">
      {groups.map((group) => (
        <ProviderGroup key={group.provider} provider={group.provider} keys={group.keys} {...handlers} />
      ))}
    </div>
  );
}
