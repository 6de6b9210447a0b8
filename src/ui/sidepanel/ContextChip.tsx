import { useEffect, useId, useState } from 'react';
import type { SelectedModel } from '@/src/page/estimate';
import { formatNumber } from '@/src/shared/i18n/format';
import { formatUsd } from '@/src/shared/money';
import { usePrices } from '@/src/ui/chat/prices';
import type { Prices } from '@/src/usage/prices';
import { strings } from '@/src/ui/strings';
import { siteOf } from '@/src/page/tab-reader';
import type { ContextChipData, Staleness } from './use-page-context';

const text = strings.pageContext;

type Estimate = { state: 'counting' } | { state: 'done'; tokens: number; counted: boolean; cost?: string; free: boolean };

function formatCount(value: number): string {
  return formatNumber(value);
}

/** Counts tokens (tokenizer and catalog load only now, in this page) and prices them for the model, at the user's own prices where set. */
function useEstimate(chipText: string, model: SelectedModel | undefined, prices: Prices | undefined): Estimate {
  const [estimate, setEstimate] = useState<Estimate>({ state: 'counting' });
  const modelKey = model ? `${model.provider}:${model.id}` : '';
  useEffect(() => {
    let live = true;
    setEstimate({ state: 'counting' });
    if (model && !prices) return;
    void import('@/src/page/estimate').then(async ({ estimateTokens, estimateInputCost }) => {
      const { tokens, counted } = await estimateTokens(chipText);
      if (!live) return;
      const cost = model && prices ? estimateInputCost(tokens, model, prices) : undefined;
      setEstimate({ state: 'done', tokens, counted, free: cost === 0, ...(cost === undefined ? {} : { cost: formatUsd(cost) }) });
    });
    return () => {
      live = false;
    };
    // Keyed by the model's id: the object itself is new on every render.
  }, [chipText, modelKey, prices]);
  return estimate;
}

interface Props {
  chip: ContextChipData;
  model: SelectedModel | undefined;
  staleness: Staleness;
  onRemove(): void;
  onNeverSend(): void;
}

/**
 * The page text attached to the next message: what it is, how many tokens and what it costs with
 * the selected model, before anything is sent. It can be expanded to read the exact text, removed,
 * or its site put on the never-send list (which also removes it).
 */
export function ContextChip({ chip, model, staleness, onRemove, onNeverSend }: Props) {
  const [open, setOpen] = useState(false);
  const textId = useId();
  const prices = usePrices();
  const estimate = useEstimate(chip.text, model, prices);
  const title = chip.title || siteOf(chip.url) || text.kindPage;
  const site = siteOf(chip.url);
  const modelName = model?.name ?? model?.id ?? '';

  return (
    <section className={`context-chip${staleness ? ' stale' : ''}`} aria-label={text.chipLabel(title)} data-testid="context-chip">
      <div className="chip-head">
        <span className="chip-kind">{chip.kind === 'selection' ? text.kindSelection : text.kindPage}</span>
        <span className="chip-title" title={chip.url}>
          {title}
        </span>
        <button type="button" className="chip-remove" aria-label={text.removeLabel(title)} onClick={onRemove}>
          {text.remove}
        </button>
      </div>
      {site && <div className="chip-site muted">{site}</div>}
      <div className="chip-estimate" data-testid="chip-estimate">
        {estimate.state === 'counting' ? (
          <span className="muted">{text.counting}</span>
        ) : (
          <>
            <span data-testid="chip-tokens">{text.tokens(formatCount(estimate.tokens))}</span>
            {!estimate.counted && <span className="muted"> ({text.roughTokens})</span>}
            <span className="chip-cost" data-testid="chip-cost">
              {' · '}
              {!model ? text.noModel : estimate.free ? text.costFree(modelName) : estimate.cost ? text.cost(estimate.cost, modelName) : text.costUnknown(modelName)}
            </span>
          </>
        )}
      </div>
      {chip.truncated && <p className="warning chip-note">{text.truncated(formatCount(chip.text.length), formatCount(chip.totalChars))}</p>}
      {staleness && <p className="warning chip-note">{staleness === 'other-tab' ? text.otherTab : text.otherPage}</p>}
      <div className="chip-actions">
        <button type="button" aria-expanded={open} aria-controls={textId} onClick={() => setOpen((value) => !value)}>
          {open ? text.hideText : text.showText}
        </button>
        {site && (
          <label className="chip-never">
            <input type="checkbox" checked={false} onChange={onNeverSend} />
            {text.neverSendThisSite}
          </label>
        )}
      </div>
      {open && (
        <pre id={textId} className="chip-text" tabIndex={0} aria-label={text.fullTextLabel(title)}>
          {chip.text}
        </pre>
      )}
    </section>
  );
}
