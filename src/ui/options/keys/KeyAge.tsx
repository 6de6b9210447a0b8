import type { KeyView } from '@/src/vault/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { KEY_PAGES } from '@/src/providers/key-pages';
import { keyAgeDays, needsRotation } from '@/src/vault/key-age';
import { useCountdown } from '@/src/ui/chat/use-countdown';
import { useVaultStatus } from '@/src/ui/shared/vault-state';
import { ExternalLinkIcon } from '@/src/ui/shared/icons';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { absoluteTime } from '@/src/ui/shared/format-time';

/** "Session only · expires in N min", counting down to the session-only keys' deadline (the status carries it). */
export function SessionOnlyBadge() {
  const expiresAt = useVaultStatus().status?.sessionKeys?.expiresAt;
  const seconds = useCountdown(expiresAt);
  const text = optionsStrings.sessionKeys;
  return (
    <span className="badge badge-accent" data-testid="session-only-badge">
      {text.badge} · {text.expiresIn(seconds)}
    </span>
  );
}

/**
 * A key's age ("added 94 days ago"), and past `rotateAfterDays` (0: never) a gentle reminder to
 * rotate it, with the provider's key page where it has one.
 */
export function KeyAge({ view, rotateAfterDays, now = Date.now() }: { view: KeyView; rotateAfterDays: number; now?: number }) {
  if (view.damaged || view.createdAt <= 0) return null;
  const days = keyAgeDays(view, now);
  // The age counts from the last rotation, else from when the key was added; the exact time on hover.
  const since = view.rotatedAt ?? view.createdAt;
  const page = KEY_PAGES[view.provider];
  return (
    <div className="key-age">
      <time data-testid="key-age" dateTime={new Date(since).toISOString()} title={absoluteTime(since)}>
        {optionsStrings.keyAge.age(days, view.rotatedAt !== null)}
      </time>
      {!view.sessionOnly && needsRotation(view, rotateAfterDays, now) && (
        <p className="hint rotate-reminder" data-testid="rotate-reminder">
          {optionsStrings.keyAge.reminder(rotateAfterDays)}{' '}
          {page && (
            <a href={page} target="_blank" rel="noreferrer">
              {optionsStrings.keyAge.reminderLink(PROVIDERS[view.provider].name)}
              <ExternalLinkIcon className="icon" aria-hidden="true" focusable="false" />
              <span className="visually-hidden"> {optionsStrings.welcome.opensInNewTab}</span>
            </a>
          )}
        </p>
      )}
    </div>
  );
}
