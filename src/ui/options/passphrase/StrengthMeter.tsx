import { MIN_SCORE } from './strength';
import type { StrengthState } from './use-passphrase-strength';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** A <meter> plus a live text that says the strength and zxcvbn's advice. */
export function StrengthMeter({ id, state }: { id: string; state: StrengthState }) {
  const score = state.kind === 'done' ? state.strength.score : 0;
  const name = optionsStrings.passphrase.strengthNames[score] ?? '';
  const text =
    state.kind === 'done'
      ? optionsStrings.passphrase.strength(name)
      : state.kind === 'checking'
        ? optionsStrings.passphrase.strengthChecking
        : state.kind === 'unavailable'
          ? optionsStrings.passphrase.strengthUnavailable
          : optionsStrings.passphrase.strengthEmpty;
  const advice = state.kind === 'done' ? state.strength : undefined;
  const weak = state.kind === 'done' && score < MIN_SCORE;

  return (
    <div className="strength" data-score={state.kind === 'done' ? score : undefined}>
      <meter
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={score}
        aria-label={optionsStrings.passphrase.strengthLabel}
        aria-valuetext={state.kind === 'done' ? name : text}
      />
      <div id={id} aria-live="polite" className={weak ? 'warning' : 'muted'}>
        <p className="strength-text">{text}</p>
        {advice?.warning && <p className="strength-warning">{advice.warning}</p>}
        {advice && advice.suggestions.length > 0 && (
          <ul className="strength-suggestions">
            {advice.suggestions.map((suggestion) => (
              <li key={suggestion}>{suggestion}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
