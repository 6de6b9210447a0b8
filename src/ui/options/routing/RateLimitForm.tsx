import { useId, useState, type FormEvent } from 'react';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** The client-side requests-per-minute cap per key. */
export function RateLimitForm({ initial }: { initial: number }) {
  const call = useVaultCall();
  const [value, setValue] = useState(String(initial));
  const [saved, setSaved] = useState<string | undefined>();
  const { busy, error, run } = useAsyncAction();
  const hintId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    const count = Number(value);
    const settings = await run(() => call('settings.update', { requestsPerMinutePerKey: count }));
    if (settings) setSaved(optionsStrings.routing.rateSaved(settings.requestsPerMinutePerKey));
  }

  return (
    <form className="card stack" onSubmit={submit} aria-label={optionsStrings.routing.rateHeading}>
      <h3>{optionsStrings.routing.rateHeading}</h3>
      <p id={hintId} className="hint">
        {optionsStrings.routing.rateExplain}
      </p>
      <label className="field">
        <span>{optionsStrings.routing.rateLabel}</span>
        <input
          type="number"
          min={0}
          max={10000}
          step={1}
          required
          value={value}
          aria-describedby={hintId}
          onChange={(event) => setValue(event.currentTarget.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {optionsStrings.routing.rateSave}
        </button>
      </div>
      <p role="status">{saved}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
