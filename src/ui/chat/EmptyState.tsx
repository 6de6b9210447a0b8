import { openExtensionPageInTab, openOptionsPage } from '@/src/platform/tabs';
import { strings } from '@/src/ui/strings';
import { BUILT_IN_MODEL, type ModelOption } from './model-options';

/**
 * For a new user (no vault) or a vault with no usable key: the way to the options page, and beside
 * it the models that need no key (issue 17): Chrome's built-in model where present and models
 * downloaded into the browser, each one click away, or the page where such a model is downloaded.
 */
export function EmptyState({ reason, keyless = [], onPick }: { reason: 'absent' | 'no-keys'; keyless?: readonly ModelOption[]; onPick?: (option: ModelOption) => void }) {
  return (
    <section className="empty-state" aria-label={strings.chat.vault.addKey}>
      <p>{reason === 'absent' ? strings.chat.vault.absent : strings.chat.vault.noKeys}</p>
      <button type="button" className="primary" onClick={() => void openOptionsPage()}>
        {strings.chat.vault.addKey}
      </button>
      <p>{strings.chat.vault.keyless}</p>
      <div className="empty-state-keyless">
        {keyless.map((option) => (
          <button key={option.value} type="button" onClick={() => onPick?.(option)}>
            {option.targets[0]?.model === BUILT_IN_MODEL ? strings.chat.vault.useBuiltIn : (option.details?.name ?? option.label)}
          </button>
        ))}
        <button type="button" onClick={() => void openExtensionPageInTab('/options.html#on-device')}>
          {strings.chat.vault.getLocalModel}
        </button>
      </div>
    </section>
  );
}
