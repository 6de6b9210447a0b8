import { answerErrorText, type AnswerError } from '@/src/chat/answer-record';
import type { BudgetNotice } from '@/src/budget/schemas';
import { openExtensionPageInTab } from '@/src/platform/tabs';
import { strings } from '@/src/ui/strings';
import { BudgetOverrideButton } from './BudgetOverrideButton';
import { providerName } from './provider-name';
import { useCountdown } from './use-countdown';

interface Props {
  error: AnswerError;
  /** When the error arrived (epoch ms), for the retry-after countdown. */
  at: number;
  /** The provider the failed request went to, when known (the answer's last target). */
  provider?: string | undefined;
  /** Present when this answer may be retried now (the last one, nothing streaming). */
  onRetry?: () => void;
  /** The vault is locked: the unlock form is above the message box; Retry waits for it. */
  vaultLocked: boolean;
  /** The budget notices that came with the answer; used caps can be overridden once. */
  budget: readonly BudgetNotice[];
}

const text = strings.chat.errors;

/** Opens the settings on the key list, where the rejected key can be rotated. */
function openKeySettings(): void {
  void openExtensionPageInTab('/options.html#keys');
}

/**
 * The error in words that stay true: a wait the provider asked for counts down and then says it is
 * over, and a rejected key points to its settings. Other errors show their phrase (or the words an older version saved).
 */
function errorText(error: AnswerError, provider: string, waitSeconds: number): string {
  if (error.kind === 'rate-limited' && error.retryAfterMs !== undefined) return waitSeconds > 0 ? text.rateLimited(provider, waitSeconds) : text.rateLimitOver(provider);
  if (error.kind === 'key-rejected') return text.keyRejected(provider);
  return answerErrorText(error);
}

/** A provider error in the user's words, with Retry when it can help (after a wait the provider asked for). */
export function AnswerErrorView({ error, at, provider, onRetry, vaultLocked, budget }: Props) {
  const blockedCaps = error.kind === 'budget-exceeded' ? budget.filter((notice) => notice.level === 'block') : [];
  const lockedError = error.kind === 'VAULT_LOCKED';
  const keyRejected = error.kind === 'key-rejected';
  const waitSeconds = useCountdown(error.retryAfterMs !== undefined ? at + error.retryAfterMs : undefined);
  // A rejected key is worth retrying once it was rotated; a locked vault once it is unlocked.
  const retryable = error.retryable || lockedError || keyRejected;
  return (
    <div className="answer-error">
      <p role="alert" className="error">
        {errorText(error, provider ? providerName(provider) : text.theProvider, waitSeconds)}
      </p>
      {lockedError && vaultLocked && <p className="muted">{strings.chat.unlockToRetry}</p>}
      {blockedCaps.length > 0 && onRetry && <BudgetOverrideButton caps={blockedCaps} onAllowed={onRetry} />}
      {keyRejected && (
        <button type="button" onClick={openKeySettings}>
          {text.openKeySettings}
        </button>
      )}
      {retryable && onRetry && !(lockedError && vaultLocked) && (
        <button type="button" onClick={onRetry} disabled={waitSeconds > 0} aria-label={strings.chat.retry}>
          {waitSeconds > 0 ? strings.chat.retryIn(waitSeconds) : strings.chat.retry}
        </button>
      )}
    </div>
  );
}
