import { renderPhrase, type Phrase } from '@/src/shared/i18n/text';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** The background's reasons why a key or its settings look off (phrases, rendered here); the key was saved regardless. */
export function FormatWarnings({ warnings, id }: { warnings: readonly Phrase[]; id?: string }) {
  if (warnings.length === 0) return null;
  const lines = warnings.map((warning) => renderPhrase(warning));
  return (
    <div id={id} className="format-warnings warning">
      <span className="visually-hidden">{optionsStrings.keys.warningsLabel}: </span>
      <ul>
        {lines.map((line, index) => (
          <li key={index}>
            <span aria-hidden="true">⚠ </span>
            {line}
          </li>
        ))}
      </ul>
    </div>
  );
}
