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

/** Added / rotated / last used, relative, with the exact time as a tooltip. */
export function KeyTimes({ view }: { view: KeyView }) {
  return (
    <dl className="key-times">
      {view.createdAt > 0 && (
        <div>
          <dt>{optionsStrings.keys.created}</dt>
          <dd>
            <Time at={view.createdAt} />
          </dd>
        </div>
      )}
      {view.rotatedAt !== null && (
        <div>
          <dt>{optionsStrings.keys.rotatedAt}</dt>
          <dd>
            <Time at={view.rotatedAt} />
          </dd>
        </div>
      )}
      {!view.damaged && (
        <div>
          <dt>{optionsStrings.keys.lastUsed}</dt>
          <dd>{view.lastUsedAt === null ? optionsStrings.keys.neverUsed : <Time at={view.lastUsedAt} />}</dd>
        </div>
      )}
    </dl>
  );
}
