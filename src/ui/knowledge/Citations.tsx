import type { KnowledgeContext, KnowledgeSource } from '@/src/knowledge/collection-context';
import { citedNumbers, sourceTarget } from '@/src/knowledge/collection-open';
import { sourceLabel } from '@/src/knowledge/collection-text';
import './collections.css';
import { openExtensionPageInTab } from '@/src/platform/tabs';
import { knowledgeStrings as words } from './strings';

/** Opens a cited source where the excerpt is: the saved page at its heading, the PDF at its page, a file at its heading. */
export function openSource(source: KnowledgeSource): void {
  const target = sourceTarget(source);
  if (target.kind === 'web') window.open(target.url, '_blank', 'noopener,noreferrer');
  else void openExtensionPageInTab(target.path);
}

/**
 * The sources an answer cites ([1], [2] … in its text), as links under it in the order first
 * cited; each opens its source at the right place.
 */
export function Citations({ answer, knowledge }: { answer: string; knowledge: KnowledgeContext }) {
  const cited = citedNumbers(answer, knowledge);
  if (!cited.length) return null;
  const byNumber = new Map(knowledge.sources.map((source) => [source.n, source]));
  return (
    <nav className="citations" aria-label={words.sourcesLabel}>
      <span className="muted">{words.sourcesLabel}</span>
      <ol>
        {cited.map((n) => {
          const source = byNumber.get(n) as KnowledgeSource;
          const label = sourceLabel(source);
          return (
            <li key={n}>
              <button type="button" className="chip citation" aria-label={words.citationLabel(String(n), label)} title={label} onClick={() => openSource(source)}>
                [{n}] {label}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
