import type { Totals } from '@/src/usage/aggregate';
import { formatUsd } from '@/src/shared/money';
import { tokens } from './format';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

/** One period's totals: cost first, then chat calls and tokens; connection tests and model lists apart. */
export function TotalsCard({ title, totals }: { title: string; totals: Totals }) {
  return (
    <section className="card usage-totals" aria-label={title}>
      <h3>{title}</h3>
      <p className="usage-cost">{formatUsd(totals.cost)}</p>
      <dl>
        <dt>{text.calls}</dt>
        <dd>
          {tokens(totals.calls)}
          {totals.errors > 0 ? ` (${tokens(totals.errors)} ${text.errors.toLowerCase()})` : ''}
        </dd>
        <dt>{text.inputTokens}</dt>
        <dd>{tokens(totals.inputTokens)}</dd>
        <dt>{text.outputTokens}</dt>
        <dd>{tokens(totals.outputTokens)}</dd>
      </dl>
      {totals.embeddingCalls > 0 && <p className="muted">{text.embeddingsNote(totals.embeddingCalls)}</p>}
      {totals.estimatedCalls > 0 && <p className="muted">{text.estimatedNote(totals.estimatedCalls)}</p>}
      {totals.unpricedCalls > 0 && <p className="muted">{text.unpricedNote(totals.unpricedCalls)}</p>}
      {totals.checks > 0 && <p className="muted">{text.checksNote(totals.checks)}</p>}
    </section>
  );
}
