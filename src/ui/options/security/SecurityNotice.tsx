import { useId } from 'react';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Plain-language account of what is stored where, and what locking does. */
export function SecurityNotice() {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{optionsStrings.security.noticeHeading}</h3>
      <ul className="notice-list">
        {optionsStrings.security.notice.map((paragraph) => (
          <li key={paragraph}>{paragraph}</li>
        ))}
      </ul>
    </section>
  );
}
