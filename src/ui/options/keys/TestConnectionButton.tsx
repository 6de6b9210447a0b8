import { useState, type MouseEvent } from 'react';
import type { ConnectionTest } from '@/src/providers/schemas';
import type { RequestOf } from '@/src/messaging/protocol';
import { renderPhrase } from '@/src/shared/i18n/text';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';

/**
 * "Test connection": the background lists the provider's models with the key and says, in plain
 * words, whether it works and what to fix. The key itself never reaches this page.
 */
export function TestConnectionButton({
  request,
  describedBy,
}: {
  /** Builds the request at click time (the add form reads its secret fields then); undefined cancels. */
  request: (event: MouseEvent<HTMLButtonElement>) => Promise<RequestOf<'keys.test'> | undefined> | RequestOf<'keys.test'> | undefined;
  describedBy?: string;
}) {
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

  return (
    <span className="connection-test">
      <button type="button" onClick={test} disabled={busy} aria-describedby={describedBy}>
        {busy ? strings.connectionTest.testing : strings.connectionTest.button}
      </button>
      <span role="status" aria-label={strings.connectionTest.resultLabel} className={result?.result === 'works' ? 'success' : result ? 'error' : undefined}>
        {result && `${strings.connectionTest.verdicts[result.result]}: ${renderPhrase(result.phrase)}`}
      </span>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  );
}
