import { useEffect, useState } from 'react';
import type { FallbackChain, Settings } from '@/src/settings/schemas';
import type { KeyView } from '@/src/vault/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall, useVaultKeys } from '@/src/ui/shared/vault-state';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import { ChainEditor } from './ChainEditor';
import { draftOf, emptyChain, upsertChain, type ChainDraft } from './chain-draft';
import { RateLimitForm } from './RateLimitForm';
import { optionsStrings } from '@/src/ui/options/options-strings';

function describeStep(target: FallbackChain['targets'][number], keys: readonly KeyView[]): string {
  const key = keys.find((candidate) => candidate.id === target.keyId);
  return key ? `${target.model} · ${key.label} (${PROVIDERS[key.provider].name})` : `${target.model} · ${optionsStrings.routing.missingKey}`;
}

/** Fallback chains and the per-key request limit. */
export function RoutingSection() {
  const call = useVaultCall();
  const [settings, setSettings] = useState<Settings | undefined>();
  const listed = useVaultKeys();
  const [editing, setEditing] = useState<ChainDraft | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<FallbackChain | undefined>();
  const { busy, error, run } = useAsyncAction();

  useEffect(() => {
    void run(async () => {
      setSettings(await call('settings.get', {}));
    });
  }, [call, run]);

  async function saveChains(chains: FallbackChain[], message: string) {
    const saved = await run(() => call('settings.update', { fallbackChains: chains }));
    if (!saved) return;
    setDeleting(undefined);
    setSettings(saved);
    setEditing(undefined);
    setNotice(message);
  }

  // Chains name keys: shown once both are known.
  // The gateway ends every chain by itself (src/chat/chat-streams.ts): not a key to put in one.
  const keys = listed.own;
  if (!settings || !keys) {
    const failed = error ?? listed.error;
    return failed ? <p role="alert" className="error">{failed}</p> : <p>{strings.options.loading}</p>;
  }

  return (
    <section className="stack" aria-label={optionsStrings.routing.heading}>
      <RateLimitForm initial={settings.requestsPerMinutePerKey} />
      <section className="card stack" aria-labelledby="chains-heading">
        <h3 id="chains-heading">{optionsStrings.routing.chainsHeading}</h3>
        <p className="hint">{optionsStrings.routing.chainsExplain}</p>
        {settings.fallbackChains.length === 0 && <p className="muted">{optionsStrings.routing.noChains}</p>}
        <ul className="chain-list">
          {settings.fallbackChains.map((chain) => (
            <li key={chain.id} aria-label={chain.name}>
              <strong>{chain.name}</strong>
              <ol>
                {chain.targets.map((target, index) => (
                  <li key={index}>{describeStep(target, keys)}</li>
                ))}
              </ol>
              <div className="actions">
                <button type="button" onClick={() => setEditing(draftOf(chain))}>
                  {optionsStrings.routing.editChain}
                </button>
                <button type="button" className="danger" disabled={busy} aria-haspopup="dialog" onClick={() => setDeleting(chain)}>
                  {optionsStrings.routing.deleteChain}
                </button>
              </div>
            </li>
          ))}
        </ul>
        {deleting && (
          <ConfirmDialog
            title={optionsStrings.routing.deleteChainTitle}
            confirmLabel={optionsStrings.routing.deleteChain}
            busy={busy}
            error={error}
            onConfirm={() => void saveChains(settings.fallbackChains.filter((other) => other.id !== deleting.id), optionsStrings.routing.chainDeleted(deleting.name))}
            onCancel={() => setDeleting(undefined)}
          >
            <p>{optionsStrings.routing.deleteChainBody(deleting.name)}</p>
          </ConfirmDialog>
        )}
        {editing ? (
          <ChainEditor
            key={editing.id}
            initial={editing}
            keys={keys}
            busy={busy}
            onCancel={() => setEditing(undefined)}
            onSave={(chain) => void saveChains(upsertChain(settings.fallbackChains, chain), optionsStrings.routing.chainSaved(chain.name))}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setEditing(emptyChain())}>
              {optionsStrings.routing.addChain}
            </button>
          </div>
        )}
        <p role="status">{notice}</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>
    </section>
  );
}
