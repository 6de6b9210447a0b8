import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { DEFAULT_HUB_URL, HUB_REPO_ID, LOCAL_MODELS, localModelInfo, localModelName, type ModelDtype } from '@/src/local-model/catalog';
import { DownloadError, downloadModel, type DownloadProgress } from '@/src/local-model/download';
import { deleteStoredModel, listStoredModels, type StoredModel } from '@/src/local-model/store';
import { hubOrigins, memoryWarning, preferredDevice, type Device } from '@/src/local-model/device';
import { requestOrigins } from '@/src/platform/permissions';
import { formatNumber } from '@/src/shared/i18n/format';
import { localModelStrings } from './strings';

/** Sizes as people read them: MB below a gigabyte, GB above (decimal, as disks and the Hub count). */
export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${formatNumber(Math.round(bytes / 1e8) / 10)} GB` : `${formatNumber(Math.max(bytes / 1e6, 0.1) < 10 ? Math.round(bytes / 1e5) / 10 : Math.round(bytes / 1e6))} MB`;
}

const MB = 1e6;

interface Running {
  id: string;
  progress?: DownloadProgress;
  controller: AbortController;
}

function errorText(error: unknown): string {
  if (!(error instanceof DownloadError)) return localModelStrings.network(error instanceof Error ? error.message : '');
  switch (error.code) {
    case 'cancelled':
      return localModelStrings.cancelled;
    case 'storage-full':
      return localModelStrings.storageFull;
    case 'not-found':
      return localModelStrings.notFound;
    case 'not-a-model':
      return localModelStrings.notAModel;
    case 'damaged':
      return localModelStrings.damagedDownload;
    default:
      return localModelStrings.network(error.message);
  }
}

/**
 * "On this device": the models that run inside the browser. Download (explicitly, with progress
 * and cancel), what is on disk and how much, delete. Shown whatever the vault's state: these
 * models need no key.
 */
export function LocalModelsSection() {
  const headingId = useId();
  const repoId = useId();
  const hubId = useId();
  const [stored, setStored] = useState<StoredModel[]>([]);
  const [device, setDevice] = useState<Device | undefined>();
  const [running, setRunning] = useState<Running | undefined>();
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const [repo, setRepo] = useState('');
  const [hub, setHub] = useState(DEFAULT_HUB_URL);
  const live = useRef(true);

  const refresh = useCallback(async () => {
    const list = await listStoredModels().catch(() => []);
    if (live.current) setStored(list);
  }, []);

  useEffect(() => {
    live.current = true;
    void refresh();
    void preferredDevice().then((found) => live.current && setDevice(found));
    // Opened from the chat's "download a model" (options.html#on-device): show this section.
    if (location.hash === '#on-device') document.getElementById('on-device')?.scrollIntoView();
    return () => {
      live.current = false;
    };
  }, [refresh]);

  /**
   * Starts a download of `id`. `again` is a model found damaged: the same form, from the address it
   * came from (the Hub field's address when the note does not say).
   */
  function start(id: string, again?: { dtype: ModelDtype; hub?: string }) {
    if (running) return;
    let hubUrl: URL;
    try {
      hubUrl = new URL((again?.hub ?? hub).trim());
      if (hubUrl.protocol !== 'https:' && !(hubUrl.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(hubUrl.hostname))) throw new Error('not https');
    } catch {
      setMessage({ text: localModelStrings.badHub, error: true });
      return;
    }
    const base = hubUrl.href.replace(/\/+$/, '');
    // First, inside the click: the browser asks the user only during the gesture.
    const asked = requestOrigins(hubOrigins(hubUrl));
    const dtype: ModelDtype = again?.dtype ?? (device === 'webgpu' ? 'q4f16' : 'q4');
    const controller = new AbortController();
    setRunning({ id, controller });
    setMessage(undefined);
    void (async () => {
      try {
        if (!(await asked.catch(() => false))) throw new Error(localModelStrings.permission(hubUrl.host));
        await downloadModel({
          id,
          dtype,
          hub: base,
          signal: controller.signal,
          onProgress: (progress) => live.current && setRunning((current) => (current?.id === id ? { ...current, progress } : current)),
        });
        if (live.current) setMessage({ text: localModelStrings.ready(localModelName(id)), error: false });
      } catch (error) {
        if (live.current) setMessage({ text: error instanceof Error && !(error instanceof DownloadError) ? error.message : errorText(error), error: true });
      } finally {
        if (live.current) setRunning(undefined);
        await refresh();
      }
    })();
  }

  async function remove(id: string) {
    await deleteStoredModel(id);
    await refresh();
  }

  function startOther() {
    const id = repo.trim();
    if (!HUB_REPO_ID.test(id)) {
      setMessage({ text: localModelStrings.badRepo, error: true });
      return;
    }
    start(id);
  }

  const dtype: ModelDtype = device === 'webgpu' ? 'q4f16' : 'q4';
  // Models the user added by name: those on disk, and the one downloading now.
  const others = [...new Set([...stored.map((model) => model.id), ...(running ? [running.id] : [])])].filter((id) => !localModelInfo(id));
  const ids = [...LOCAL_MODELS.map((model) => model.id), ...others];
  const diskUse = stored.reduce((sum, model) => sum + model.bytes, 0);

  return (
    <section className="card local-models" id="on-device" aria-labelledby={headingId}>
      <h2 id={headingId}>{localModelStrings.title}</h2>
      <p>{localModelStrings.intro}</p>
      {device && <p className="muted" data-testid="local-runtime">{device === 'webgpu' ? localModelStrings.runtimeWebGpu : localModelStrings.runtimeWasm}</p>}
      <ul className="local-model-list">
        {ids.map((id) => {
          const info = localModelInfo(id);
          const entry = stored.find((model) => model.id === id);
          const warning = info ? memoryWarning(info.memoryMb[dtype] * MB) : undefined;
          const isRunning = running?.id === id;
          // Found damaged (and not downloaded again since): what to download again.
          const damaged = entry?.manifest || isRunning ? undefined : entry?.damaged;
          return (
            <li key={id} className="local-model" aria-label={localModelName(id)}>
              <div>
                <strong>{localModelName(id)}</strong> <span className="muted">{id}</span>
              </div>
              {info && <p>{info.note}</p>}
              {info && <p className="muted">{localModelStrings.size(formatBytes(info.downloadMb[dtype] * MB), formatBytes(info.memoryMb[dtype] * MB))}</p>}
              {warning !== undefined && !entry?.manifest && (
                <p className="warning">{localModelStrings.tooBig(localModelName(id), formatBytes(info ? info.memoryMb[dtype] * MB : 0), formatBytes(warning))}</p>
              )}
              {entry?.manifest && <p className="success">{localModelStrings.downloaded(formatBytes(entry.bytes))}</p>}
              {damaged && <p className="warning">{localModelStrings.damaged(damaged.path)}</p>}
              {entry && !entry.manifest && !entry.damaged && !isRunning && <p className="warning">{localModelStrings.unfinished(formatBytes(entry.bytes))}</p>}
              {isRunning && (
                <div role="status" className="local-model-progress">
                  <progress max={running.progress?.total ?? 1} value={running.progress?.loaded ?? 0} />
                  {running.progress && <span>{localModelStrings.progress(running.progress.file, formatBytes(running.progress.loaded), formatBytes(running.progress.total))}</span>}
                </div>
              )}
              <div className="actions">
                {damaged && (
                  <button type="button" className="primary" disabled={running !== undefined} onClick={() => start(id, { dtype: damaged.dtype, ...(damaged.hub ? { hub: damaged.hub } : {}) })}>
                    {localModelStrings.downloadAgain}
                  </button>
                )}
                {!entry?.manifest && !entry?.damaged && !isRunning && (
                  <button type="button" className={warning === undefined ? 'primary' : ''} disabled={running !== undefined} onClick={() => start(id)}>
                    {warning === undefined ? localModelStrings.download : localModelStrings.downloadAnyway}
                  </button>
                )}
                {isRunning && (
                  <button type="button" onClick={() => running.controller.abort()}>
                    {localModelStrings.cancel}
                  </button>
                )}
                {entry && !isRunning && (
                  <button type="button" onClick={() => void remove(id)}>
                    {localModelStrings.delete}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <p className="muted" data-testid="local-disk-use">{localModelStrings.diskUse(formatBytes(diskUse))}</p>
      <details>
        <summary>{localModelStrings.otherModel}</summary>
        <label htmlFor={repoId}>{localModelStrings.otherModel}</label>
        <input id={repoId} value={repo} onChange={(event) => setRepo(event.target.value)} placeholder="owner/name" spellCheck={false} autoComplete="off" />
        <p className="muted">{localModelStrings.otherModelHint}</p>
        <label htmlFor={hubId}>{localModelStrings.hub}</label>
        <input id={hubId} value={hub} onChange={(event) => setHub(event.target.value)} spellCheck={false} autoComplete="off" />
        <p className="muted">{localModelStrings.hubHint}</p>
        <button type="button" disabled={running !== undefined} onClick={startOther}>
          {localModelStrings.download}
        </button>
      </details>
      <div role={message?.error ? 'alert' : 'status'} className={message?.error ? 'error' : 'success'}>
        {message && <p>{message.text}</p>}
      </div>
    </section>
  );
}
