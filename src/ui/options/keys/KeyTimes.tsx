import type { KeyView } from '@/src/vault/schemas';
import { absoluteTime, relativeTime } from '@/src/ui/shared/format-time';
import { strings } from '@/src/ui/strings';

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
          <dt>{strings.keys.created}</dt>
          <dd>
            <Time at={view.createdAt} />
          </dd>
        </div>
      )}
      {view.rotatedAt !== null && (
        <div>
          <dt>{strings.keys.rotatedAt}</dt>
          <dd>
            <Time at={view.rotatedAt} />
          </dd>
        </div>
      )}
      {!view.damaged && (
        <div>
          <dt>{strings.keys.lastUsed}</dt>
          <dd>{view.lastUsedAt === null ? strings.keys.neverUsed : <Time at={view.lastUsedAt} />}</dd>
        </div>
      )}
    </dl>
  );
}
