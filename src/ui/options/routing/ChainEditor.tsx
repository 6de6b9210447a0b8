import { useId, useState, type FormEvent } from 'react';
import type { FallbackChain } from '@/src/settings/schemas';
import type { KeyView } from '@/src/vault/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { strings } from '@/src/ui/strings';
import { chainOf, MAX_CHAIN_STEPS, moveStep, type ChainDraft, type StepDraft } from './chain-draft';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Edits one fallback chain: a name and up to five ordered steps of key + model. */
export function ChainEditor({
  initial,
  keys,
  busy,
  onSave,
  onCancel,
}: {
  initial: ChainDraft;
  keys: readonly KeyView[];
  busy: boolean;
  onSave: (chain: FallbackChain) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();
  const headingId = useId();
  const modelHintId = useId();
  const usable = keys.filter((key) => !key.damaged);

  const setStep = (index: number, change: Partial<StepDraft>) =>
    setDraft((previous) => ({ ...previous, steps: previous.steps.map((step, at) => (at === index ? { ...step, ...change } : step)) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const chain = chainOf(draft);
    if (!chain) {
      setProblem(optionsStrings.routing.chainIncomplete);
      return;
    }
    setProblem(undefined);
    onSave(chain);
  }

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h4 id={headingId}>{initial.name || optionsStrings.routing.addChain}</h4>
      <label className="field">
        <span>{optionsStrings.routing.chainName}</span>
        <input value={draft.name} maxLength={100} required onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} />
      </label>
      <p id={modelHintId} className="hint">
        {optionsStrings.routing.stepModelHint}
      </p>
      <ol className="chain-steps">
        {draft.steps.map((step, index) => (
          <li key={index} className="chain-step" aria-label={optionsStrings.routing.step(index)}>
            <label className="field">
              <span>{optionsStrings.routing.stepKey}</span>
              <select value={step.keyId} required onChange={(event) => setStep(index, { keyId: event.currentTarget.value })}>
                <option value="">—</option>
                {usable.map((key) => (
                  <option key={key.id} value={key.id}>
                    {`${key.label} (${PROVIDERS[key.provider].name})`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{optionsStrings.routing.stepModel}</span>
              <input
                value={step.model}
                required
                maxLength={256}
                spellCheck={false}
                aria-describedby={modelHintId}
                onChange={(event) => setStep(index, { model: event.currentTarget.value })}
              />
            </label>
            <div className="actions">
              <button type="button" disabled={index === 0} onClick={() => setDraft({ ...draft, steps: moveStep(draft.steps, index, -1) })}>
                {optionsStrings.routing.moveUp}
              </button>
              <button
                type="button"
                disabled={index === draft.steps.length - 1}
                onClick={() => setDraft({ ...draft, steps: moveStep(draft.steps, index, 1) })}
              >
                {optionsStrings.routing.moveDown}
              </button>
              <button
                type="button"
                disabled={draft.steps.length === 1}
                onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, at) => at !== index) })}
              >
                {optionsStrings.routing.removeStep}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button
          type="button"
          disabled={draft.steps.length >= MAX_CHAIN_STEPS}
          title={draft.steps.length >= MAX_CHAIN_STEPS ? optionsStrings.routing.maxSteps : undefined}
          onClick={() => setDraft({ ...draft, steps: [...draft.steps, { keyId: '', model: '' }] })}
        >
          {optionsStrings.routing.addStep}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {optionsStrings.routing.saveChain}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {strings.options.cancel}
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}
