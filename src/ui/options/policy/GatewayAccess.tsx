import { useState } from 'react';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { requestHostAccess } from '../keys/host-access';
import { useHostAccess } from '../keys/use-host-access';

/**
 * The organisation's gateway on a host the browser has not granted Keyward: the worker sends no key
 * there until it is (src/providers/http.ts), so the user is asked once, here. Nothing when the
 * manifest's hosts already cover it or it is granted.
 */
export function GatewayAccess({ baseUrl }: { baseUrl: string }) {
  const { need, granted } = useHostAccess(baseUrl);
  const [outcome, setOutcome] = useState<'granted' | 'denied' | undefined>();
  if (!need || granted || outcome === 'granted') return null;
  return (
    <p>
      {optionsStrings.policy.gatewayAccessExplain(need.origin)}{' '}
      <button
        type="button"
        className="small"
        // Asked synchronously in the click: browsers show the prompt only during the gesture.
        onClick={() => void requestHostAccess(need, false).then((result) => setOutcome(result === 'denied' ? 'denied' : 'granted'))}
      >
        {optionsStrings.policy.gatewayAccess}
      </button>
      {outcome === 'denied' && <span className="error"> {optionsStrings.policy.gatewayAccessDenied}</span>}
    </p>
  );
}
