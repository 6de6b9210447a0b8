import { useEffect, useId, useRef, useState } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { keyLabel } from './key-label';
import { strings } from '@/src/ui/strings';
import { useVaultCall, useVaultKeys, useVaultStatus } from '@/src/ui/shared/vault-state';
import { rotationReminderDays } from '@/src/vault/key-age';
import { RotationReminderSetting } from './RotationReminderSetting';
import { usePolicy } from '../policy/policy-state';
import { useToast } from '@/src/ui/shared/Toasts';
import { AddIcon } from '@/src/ui/shared/icons';
import { AddKeyForm, type SavedKey } from './AddKeyForm';
import { KeyList } from './KeyList';
import { SaveNotice, type Notice } from './SaveNotice';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { LocalServers } from './LocalServers';

function savedNotice(saved: SavedKey, kind: 'added' | 'renamed' | 'settings' | 'rotated'): Notice {
  const { view } = saved;
  const warnings = kind === 'renamed' ? [] : view.formatWarnings;
  const message =
    warnings.length > 0
      ? optionsStrings.keys.savedWithWarnings(view.label)
      : kind === 'rotated'
        ? optionsStrings.keys.rotated(view.label)
        : kind === 'added'
          ? optionsStrings.keys.saved(view.label)
          : optionsStrings.keys.updated(view.label);
  return { message, warnings, hostDenied: saved.hostDenied };
}

/** The Keys tab: the page's key list (vault-state.tsx), grouped by provider, and the add form. */
export function KeysSection() {
  // The organisation's gateway is the policy panel's to show (PolicyPanel), not a key to change here.
  const { own: keys, error, reload, update } = useVaultKeys();
  const call = useVaultCall();
  const { readStatus } = useVaultStatus();
  // The rotation reminder's threshold: the user's setting (and, where one is set, the organisation's policy).
  const [rotateAfter, setRotateAfter] = useState<number | undefined>();
  useEffect(() => {
    let live = true;
    void call('settings.get', {}).then(
      (settings) => live && setRotateAfter(settings.rotateAfterDays ?? rotationReminderDays({})),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [call]);
  const policy = usePolicy();
  const rotateAfterDays = rotateAfter === undefined ? 0 : rotationReminderDays({ rotateAfterDays: rotateAfter }, policy);
  const loaded = keys ? ({ state: 'ready', keys } as const) : error !== undefined ? ({ state: 'failed', error } as const) : ({ state: 'loading' } as const);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();
  const toast = useToast();
  // A plain "saved" goes by as a toast; a save with something to act on (format warnings, a server
  // the browser may not reach) stays on the page until dismissed.
  const report = (next: Notice) => {
    if (next.warnings.length === 0 && !next.hostDenied) {
      setNotice(undefined);
      toast(next.message);
    } else setNotice(next);
  };
  const addButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const formId = useId();

  const upsert = (view: KeyView) =>
    update((current) => (current.some((key) => key.id === view.id) ? current.map((key) => (key.id === view.id ? view : key)) : [...current, view]));

  const closeForm = () => {
    setAdding(false);
    addButton.current?.focus();
  };
  const toggleForm = () => {
    if (adding) return closeForm();
    setAdding(true);
    setNotice(undefined);
  };

  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{optionsStrings.keys.heading}</h2>
        <button
          ref={addButton}
          type="button"
          className="primary"
          aria-expanded={adding}
          aria-controls={adding ? formId : undefined}
          onClick={toggleForm}
        >
          <AddIcon className="icon" aria-hidden="true" focusable="false" />
          {optionsStrings.keys.add}
        </button>
      </div>
      <p className="muted">{optionsStrings.keys.explain}</p>
      <SaveNotice notice={notice} onDismiss={() => setNotice(undefined)} />
      {adding && (
        <div id={formId}>
          <AddKeyForm
            onCancel={closeForm}
            onSaved={(saved) => {
              upsert(saved.view);
              report(saved.view.sessionOnly ? { message: optionsStrings.sessionKeys.saved(saved.view.label), warnings: saved.view.formatWarnings, hostDenied: saved.hostDenied } : savedNotice(saved, 'added'));
              closeForm();
              // The status carries the session-only keys' deadline, for their badge.
              if (saved.view.sessionOnly) void readStatus().catch(() => undefined);
            }}
          />
        </div>
      )}
      <LocalServers
        onAdded={(view) => {
          upsert(view);
          toast(optionsStrings.keys.saved(view.label));
        }}
      />
      {loaded.state === 'loading' && (
        <p className="muted" aria-busy="true">
          {strings.options.loading}
        </p>
      )}
      {loaded.state === 'failed' && (
        <div role="alert" className="error">
          <p>
            {optionsStrings.keys.loadFailed} {loaded.error}
          </p>
          <button type="button" onClick={() => void reload()}>
            {strings.options.retry}
          </button>
        </div>
      )}
      {loaded.state === 'ready' && loaded.keys.length === 0 && !adding && (
        <div className="empty-state">
          <p>{optionsStrings.keys.empty}</p>
        </div>
      )}
      {loaded.state === 'ready' && loaded.keys.length > 0 && (
        <KeyList
          keys={loaded.keys}
          rotateAfterDays={rotateAfterDays}
          onKept={(view, kept) => {
            update((current) => [...current.filter((key) => key.id !== view.id), kept]);
            toast(optionsStrings.sessionKeys.kept(kept.label));
          }}
          onChanged={(saved, kind) => {
            upsert(saved.view);
            report(savedNotice(saved, kind));
          }}
          onDeleted={(view) => {
            update((current) => current.filter((key) => key.id !== view.id));
            report({ message: optionsStrings.keys.deleted(keyLabel(view)), warnings: [] });
            addButton.current?.focus();
          }}
        />
      )}
      {rotateAfter !== undefined && <RotationReminderSetting days={rotateAfter} managedDays={policy?.maxKeyAgeDays} onSaved={setRotateAfter} />}
    </section>
  );
}
