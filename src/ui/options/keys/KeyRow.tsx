import { useEffect, useId, useRef, useState, type MouseEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { keyLabel } from './key-label';
import type { SavedKey } from './AddKeyForm';
import { DeleteKeyDialog } from './DeleteKeyDialog';
import { EditSettingsForm } from './EditSettingsForm';
import { FormatWarnings } from './FormatWarnings';
import { KeyTimes } from './KeyTimes';
import { KeyAge, SessionOnlyBadge } from './KeyAge';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall, useVaultStatus } from '@/src/ui/shared/vault-state';
import { LabelEditor } from './LabelEditor';
import { RotateKeyForm } from './RotateKeyForm';
import { useConnectionTest } from './TestConnectionButton';
import { DeleteIcon, KeySettingsIcon, RenameIcon, RotateKeyIcon } from '@/src/ui/shared/icons';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { policyBlock } from '@/src/policy/policy';
import { usePolicy } from '../policy/policy-state';

type Mode = 'view' | 'rename' | 'settings' | 'rotate' | 'delete';

function connectionSummary(view: KeyView): string {
  const { settings } = view;
  const parts = [
    settings.baseUrl,
    settings.azureResource,
    settings.azureDeployment,
    settings.azureApiVersion,
    settings.vertexProject,
    settings.vertexLocation,
    settings.region,
    settings.bedrockAuth === 'api-key' ? optionsStrings.settingsFields.bedrockApiKey : settings.bedrockAuth === 'sigv4' ? optionsStrings.settingsFields.bedrockSigv4 : undefined,
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' · ') : optionsStrings.keys.defaultEndpoint;
}

export interface KeyRowProps {
  view: KeyView;
  onChanged: (saved: SavedKey, kind: 'renamed' | 'settings' | 'rotated') => void;
  onDeleted: (view: KeyView) => void;
  /** A session-only key now kept in the vault: `kept` replaces `view`. */
  onKept?: (view: KeyView, kept: KeyView) => void;
  /** Days after which the key gets a rotation reminder (src/vault/key-age.ts); 0 or absent: never. */
  rotateAfterDays?: number;
}

/** "Keep in vault" on a session-only key, offered while the vault is unlocked. */
function KeepButton({ view, describedBy, onKept }: { view: KeyView; describedBy: string; onKept: (kept: KeyView) => void }) {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  const { readStatus } = useVaultStatus();
  return (
    <>
      <button
        type="button"
        className="small"
        aria-describedby={describedBy}
        disabled={busy}
        onClick={async () => {
          const kept = await run(() => call('keys.keep', { id: view.id }));
          if (!kept) return;
          onKept(kept);
          void readStatus().catch(() => undefined);
        }}
      >
        {optionsStrings.sessionKeys.keep}
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </>
  );
}

const iconProps = { className: 'icon', 'aria-hidden': true, focusable: false } as const;

/**
 * One key: label, mask, times, warnings, and its actions. The summary and the actions share a
 * wrapping line (the actions drop below the summary when the two do not fit side by side); the
 * name, mask and address are cut to one line with the full text in their title; the connection
 * test's result, a sentence of any length, gets a line of its own under both, so it can never
 * take the summary's width.
 */
export function KeyRow({ view, onChanged, onDeleted, onKept, rotateAfterDays = 0 }: KeyRowProps) {
  const unlocked = useVaultStatus().status?.state === 'unlocked';
  const [mode, setMode] = useState<Mode>('view');
  const opener = useRef<HTMLButtonElement | null>(null);
  const labelId = useId();
  const warningsId = useId();
  const damagedId = useId();

  useEffect(() => {
    if (mode === 'view' && opener.current?.isConnected) {
      opener.current.focus();
      opener.current = null;
    }
  }, [mode]);

  const open = (next: Mode) => (event: MouseEvent<HTMLButtonElement>) => {
    opener.current = event.currentTarget;
    setMode((current) => (current === next ? 'view' : next));
  };
  const close = () => setMode('view');
  const done = (saved: SavedKey, kind: 'renamed' | 'settings' | 'rotated') => {
    close();
    onChanged(saved, kind);
  };
  const describedBy = [labelId, view.formatWarnings.length ? warningsId : '', view.damaged ? damagedId : ''].filter(Boolean).join(' ');
  const keyless = PROVIDERS[view.provider].keyRequirement === 'optional';
  const connectionTest = useConnectionTest({ request: () => ({ id: view.id }), describedBy: labelId, small: true });
  const label = keyLabel(view);
  const connection = connectionSummary(view);
  // A key the organisation's policy does not allow: kept (never deleted by the policy), not used.
  const blocked = policyBlock(usePolicy(), view.provider, view.settings) !== undefined;

  return (
    <li className={`key-row${view.damaged ? ' damaged' : ''}`} aria-labelledby={labelId}>
      <div className="key-main">
        <div className="key-summary">
          <div className="key-title">
            <span id={labelId} className={mode === 'rename' ? 'visually-hidden' : 'key-label truncate'} title={label}>
              {label}
            </span>
            {mode === 'rename' && (
              <LabelEditor view={view} onCancel={close} onSaved={(saved) => done({ view: saved }, 'renamed')} />
            )}
            {view.damaged && <span className="badge badge-danger">{optionsStrings.keys.damaged}</span>}
            {blocked && <span className="badge badge-danger">{optionsStrings.policy.blocked}</span>}
            {view.sessionOnly && <SessionOnlyBadge />}
          </div>
          {!view.damaged && (
            <div className="key-meta">
              <span className="key-mask truncate" title={view.masked ?? undefined}>
                <span className="visually-hidden">{optionsStrings.keys.maskedLabel}: </span>
                {view.masked ? <code>{view.masked}</code> : <span className="muted">{keyless ? optionsStrings.keys.noKeyStored : '—'}</span>}
              </span>
              <span className="key-connection truncate" title={connection}>
                <span className="visually-hidden">{optionsStrings.keys.settingsSummary}: </span>
                {connection}
              </span>
            </div>
          )}
          <KeyAge view={view} rotateAfterDays={rotateAfterDays} />
          <KeyTimes view={view} />
          {view.damaged && (
            <p id={damagedId} className="error">
              {optionsStrings.keys.damagedExplain}
            </p>
          )}
          <FormatWarnings id={warningsId} warnings={view.formatWarnings} />
        </div>
        <div className="key-actions">
          {view.sessionOnly && unlocked && onKept && <KeepButton view={view} describedBy={labelId} onKept={(kept) => onKept(view, kept)} />}
          {view.sessionOnly && connectionTest.button}
          {!view.damaged && !view.sessionOnly && (
            <>
              <button type="button" className="small" aria-describedby={labelId} aria-expanded={mode === 'rename'} onClick={open('rename')}>
                <RenameIcon {...iconProps} />
                {optionsStrings.keys.rename}
              </button>
              <button type="button" className="small" aria-describedby={labelId} aria-expanded={mode === 'settings'} onClick={open('settings')}>
                <KeySettingsIcon {...iconProps} />
                {optionsStrings.keys.editSettings}
              </button>
              <button type="button" className="small" aria-describedby={labelId} aria-expanded={mode === 'rotate'} onClick={open('rotate')}>
                <RotateKeyIcon {...iconProps} />
                {optionsStrings.keys.rotate}
              </button>
              {connectionTest.button}
            </>
          )}
          <button type="button" className="danger small" aria-describedby={describedBy} aria-haspopup="dialog" onClick={open('delete')}>
            <DeleteIcon {...iconProps} />
            {optionsStrings.keys.delete}
          </button>
        </div>
      </div>
      {!view.damaged && <div className="connection-test key-test-result">{connectionTest.result}</div>}
      {mode === 'settings' && (
        <EditSettingsForm view={view} onCancel={close} onSaved={(saved) => done(saved, 'settings')} />
      )}
      {mode === 'rotate' && <RotateKeyForm view={view} onCancel={close} onSaved={(saved) => done({ view: saved }, 'rotated')} />}
      {mode === 'delete' && <DeleteKeyDialog view={view} onCancel={close} onDeleted={() => onDeleted(view)} />}
    </li>
  );
}
