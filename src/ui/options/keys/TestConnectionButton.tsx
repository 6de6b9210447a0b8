import { useState, type MouseEvent, type ReactNode } from 'react';
import type { ConnectionTest } from '@/src/providers/schemas';
import type { RequestOf } from '@/src/messaging/protocol';
import { renderPhrase } from '@/src/shared/i18n/text';
import { TestConnectionIcon } from '@/src/ui/shared/icons';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

interface ConnectionTestProps {
  /** Builds the request at click time (the add form reads its secret fields then); undefined cancels. */
  request: (event: MouseEvent<HTMLButtonElement>) => Promise<RequestOf<'keys.test'> | undefined> | RequestOf<'keys.test'> | undefined;
  describedBy?: string | undefined;
  /** The compact size, beside a key row's other actions. */
  small?: boolean;
}

/**
 * "Test connection": the background lists the provider's models with the key and says, in plain
 * words, whether it works and what to fix. The key itself never reaches this page.
 * The button and its result come apart so a key row can put the result, a sentence of any
 * length, on a line of its own instead of beside the buttons, where it squeezed the key's name.
 */
export function useConnectionTest({ request, describedBy, small = false }: ConnectionTestProps): { button: ReactNode; result: ReactNode } {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  const [result, setResult] = useState<ConnectionTest | undefined>();

  async function test(event: MouseEvent<HTMLButtonElement>) {
    setResult(undefined);
    const payload = request(event);
    const outcome = await run(async () => {
      const resolved = await payload;
      return resolved ? call('keys.test', resolved) : undefined;
    });
    if (outcome) setResult(outcome);
  }

  return {
    button: (
      <button type="button" className={small ? 'small' : undefined} onClick={test} disabled={busy} aria-busy={busy} aria-describedby={describedBy}>
        <TestConnectionIcon className="icon" aria-hidden="true" focusable="false" />
        {busy ? optionsStrings.connectionTest.testing : optionsStrings.connectionTest.button}
      </button>
    ),
    result: (
      <>
        <span role="status" aria-label={optionsStrings.connectionTest.resultLabel} className={result?.result === 'works' ? 'success' : result ? 'error' : undefined}>
          {result && `${optionsStrings.connectionTest.verdicts[result.result]}: ${renderPhrase(result.phrase)}`}
        </span>
        {result?.fixes && result.fixes.length > 0 && (
          <ul className="connection-fixes" aria-label={optionsStrings.connectionTest.fixesLabel}>
            {result.fixes.map((fix, index) => (
              <li key={index}>{renderPhrase(fix)}</li>
            ))}
          </ul>
        )}
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </>
    ),
  };
}

/** The button with its result beside it, for a form's row of actions. */
export function TestConnectionButton(props: ConnectionTestProps) {
  const { button, result } = useConnectionTest(props);
  return (
    <span className="connection-test">
      {button}
      {result}
    </span>
  );
}
