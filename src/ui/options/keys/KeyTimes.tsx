import type { KeyView } from '@/src/vault/schemas';
import { absoluteTime, relativeTime } from '@/src/ui/shared/format-time';
import { optionsStrings } from '@/src/ui/options/options-strings';

function Time({ at }: { at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={absoluteTime(at)}>
      {relativeTime(at)}
    </time>
  );
}

/** When the key was last used, relative, with the exact time as a tooltip (its age: KeyAge.tsx). */
export function KeyTimes({ view }: { view: KeyView }) {
  return (
    <dl className="key-times">
      {!view.damaged && (
        <div>
          <dt>{optionsStrings.keys.lastUsed}</dt>
          <dd>{view.lastUsedAt === null ? optionsStrings.keys.neverUsed : <Time at={view.lastUsedAt} />}</dd>
        </div>
      )}
    </dl>
  );
}
