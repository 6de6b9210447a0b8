import { useEffect, useId, useState } from 'react';
import { PROVIDER_IDS, PROVIDERS } from '@/src/providers/definitions';
import { KEY_PAGES } from '@/src/providers/key-pages';
import { builtInAvailable } from '@/src/ui/chat/catalog-loader';
import { ExternalLinkIcon, LockIcon, OnDeviceIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import { optionsStrings } from '@/src/ui/options/options-strings';

const iconProps = { className: 'icon', 'aria-hidden': true, focusable: false } as const;

/** Whether this browser's on-device model can answer now; false until known, so the choice appears only where it works. */
function useBuiltInModel(): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    void builtInAvailable().then((answer) => live && setAvailable(answer));
    return () => {
      live = false;
    };
  }, []);
  return available;
}

/**
 * The first-run welcome, above the vault setup (the options page opens on install, see
 * src/background/first-run.ts): what Keyward is, the ways to start that exist in this build, and
 * where each provider hands out keys.
 */
export function Welcome() {
  const headingId = useId();
  const builtIn = useBuiltInModel();
  const text = optionsStrings.welcome;
  const keyPages = PROVIDER_IDS.flatMap((id) => {
    const url = KEY_PAGES[id];
    return url ? [{ id, url, name: PROVIDERS[id].name }] : [];
  });
  return (
    <section className="card welcome" aria-labelledby={headingId}>
      <h2 id={headingId}>{text.heading}</h2>
      <p>{text.intro}</p>
      <h3>{text.choicesHeading}</h3>
      <ul className="welcome-choices">
        <li>
          <h4>
            <LockIcon {...iconProps} />
            {text.vaultTitle}
          </h4>
          <p>{text.vaultBody}</p>
          <p className="hint">{text.sessionLater}</p>
        </li>
        {builtIn && (
          <li data-testid="welcome-built-in">
            <h4>
              <OnDeviceIcon {...iconProps} />
              {text.builtInTitle}
            </h4>
            <p>{text.builtInBody(strings.chat.picker.builtIn)}</p>
          </li>
        )}
      </ul>
      <h3>{text.keyPagesHeading}</h3>
      <ul className="key-pages">
        {keyPages.map(({ id, url, name }) => (
          <li key={id}>
            <a href={url} target="_blank" rel="noreferrer">
              {name}
              <ExternalLinkIcon {...iconProps} />
              <span className="visually-hidden"> {text.opensInNewTab}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
