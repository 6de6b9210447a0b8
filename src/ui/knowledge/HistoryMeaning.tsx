import { useEffect, useId, useState } from 'react';
import type { JobRow } from '@/src/knowledge/knowledge-db';
import { embeddingModelKey, estimateEmbeddingCost, listEmbeddingModels, type EmbeddingModelOption } from '@/src/knowledge/embed-client';
import { cancelHistoryIndex, historyCharsToIndex, pauseHistoryIndex, resumeHistoryIndex, startHistoryIndex } from '@/src/knowledge/history-index';
import { formatUsd } from '@/src/shared/money';
import { strings } from '@/src/ui/strings';
import { meaningStrings } from '@/src/ui/knowledge/meaning-strings';
import { historyIndexEnv } from '@/src/knowledge/history-index-env';
import { runHistoryIndexHere } from './history-index-env';

const text = meaningStrings;

type Step = { kind: 'idle' } | { kind: 'estimating' } | { kind: 'confirm'; option: EmbeddingModelOption; message: string; change: boolean };

/**
 * Search by meaning's controls in the history view: the model (remembered in the job; a change
 * deletes the index and starts again, after asking), the cost estimate confirmed before a model
 * that is not local starts, the progress bar, pause, resume and turning it off.
 */
export function HistoryMeaning({ job }: { job: JobRow | null }) {
  const selectId = useId();
  const [models, setModels] = useState<EmbeddingModelOption[] | undefined>();
  const [picked, setPicked] = useState<string>('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    listEmbeddingModels().then(
      (list) => live && setModels(list),
      () => live && setModels([]),
    );
    return () => {
      live = false;
    };
  }, []);

  const keyOf = (option: EmbeddingModelOption) => embeddingModelKey(option.target);
  const current = models?.find((option) => job && keyOf(option) === job.model);
  const chosen = models?.find((option) => keyOf(option) === picked) ?? (job ? undefined : models?.[0]);

  async function begin(option: EmbeddingModelOption, change: boolean) {
    setError(undefined);
    if (option.local && !change) return start(option);
    setStep({ kind: 'estimating' });
    try {
      const { messages, chars } = await historyCharsToIndex((await historyIndexEnv()).history);
      const { tokens, usd } = estimateEmbeddingCost(option, chars);
      const cost = option.local ? null : usd === null ? null : formatUsd(usd);
      const message = change ? `${text.confirmChange(option.label)} ${text.confirmCost(messages, tokens, option.label, cost)}` : text.confirmCost(messages, tokens, option.label, cost);
      setStep({ kind: 'confirm', option, message, change });
    } catch {
      setStep({ kind: 'idle' });
      setError(strings.genericError);
    }
  }

  async function start(option: EmbeddingModelOption) {
    setStep({ kind: 'idle' });
    try {
      await startHistoryIndex(await historyIndexEnv(), option.target);
      runHistoryIndexHere();
    } catch {
      setError(strings.genericError);
    }
  }

  const act = (work: () => Promise<void>) => () => {
    setError(undefined);
    work().then(runHistoryIndexHere, () => setError(strings.genericError));
  };

  const picker = models && models.length > 0 && (
    <label htmlFor={selectId} className="meaning-model">
      {text.model}{' '}
      <select id={selectId} value={picked || (job?.model ?? (chosen ? keyOf(chosen) : ''))} onChange={(event) => setPicked(event.target.value)}>
        {models.map((option) => (
          <option key={keyOf(option)} value={keyOf(option)}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="meaning" aria-label={text.heading}>
      {!job && <p className="muted meaning-explain">{text.explain}</p>}
      {models?.length === 0 && !job && <p className="muted">{text.noModels}</p>}
      {job && <JobProgress job={job} label={current?.label ?? job.target?.model ?? job.model} />}
      {step.kind === 'estimating' && <p className="muted">{text.estimating}</p>}
      {step.kind === 'confirm' ? (
        <div className="meaning-confirm" role="group" aria-label={text.heading}>
          <p>{step.message}</p>
          <button type="button" onClick={() => void start(step.option)}>
            {step.change ? text.confirmChangeButton : text.confirmStart}
          </button>
          <button type="button" onClick={() => setStep({ kind: 'idle' })}>
            {text.back}
          </button>
        </div>
      ) : (
        <div className="meaning-actions">
          {picker}
          {!job && chosen && (
            <button type="button" disabled={step.kind === 'estimating'} onClick={() => void begin(chosen, false)}>
              {text.start}
            </button>
          )}
          {job && chosen && keyOf(chosen) !== job.model && (
            <button type="button" onClick={() => void begin(chosen, true)}>
              {text.changeModel}
            </button>
          )}
          {job?.state === 'running' && (
            <button type="button" onClick={act(() => pauseHistoryIndex())}>
              {text.pause}
            </button>
          )}
          {(job?.state === 'paused' || job?.state === 'failed') && (
            <button type="button" onClick={act(() => resumeHistoryIndex())}>
              {text.resume}
            </button>
          )}
          {job && (
            <button type="button" onClick={act(() => cancelHistoryIndex())}>
              {text.cancel}
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function JobProgress({ job, label }: { job: JobRow; label: string }) {
  const total = Math.max(job.total, job.done);
  const state = job.state === 'running' ? text.running : job.state === 'paused' ? text.paused : job.state === 'done' ? text.done : text.failed(`${strings.genericError} (${job.error ?? 'INTERNAL'})`);
  return (
    <div className="meaning-progress">
      <progress aria-label={text.progressLabel} value={job.done} max={Math.max(1, total)} />
      <span className="muted" role="status">
        {state} · {text.progress(job.done, total, label)}
      </span>
    </div>
  );
}
