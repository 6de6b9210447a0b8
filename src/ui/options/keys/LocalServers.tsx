import { useCallback, useId, useState, type FormEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { send } from '@/src/messaging/client';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { LOCAL_SERVER_PORTS, PROBE_HOST, type Discovery, type FoundServer } from '@/src/local-servers/discovery';
import { OLLAMA_MODEL_NAME } from '@/src/local-servers/ollama-pull';
import { useAsyncAction } from '../use-async-action';
import { hostAccessNeeded, requestHostAccess } from './host-access';
import { useOllamaPull } from './use-ollama-pull';

const PORTS = LOCAL_SERVER_PORTS.map((entry) => entry.port);

function nameOf(server: FoundServer): string {
  return server.product ?? optionsStrings.localServers.openAICompatible;
}

/**
 * "Find local servers" (issue 17): one click asks for access to this computer's servers
 * (127.0.0.1, the user's gesture) and has the worker probe the usual ports; what answers is listed
 * with its models, and each is added as a key through the usual add-key path. Ollama's models show
 * their sizes, and a model can be downloaded with a progress bar and cancelled.
 */
export function LocalServers({ onAdded }: { onAdded: (view: KeyView) => void }) {
  const headingId = useId();
  const { busy, error, run } = useAsyncAction();
  const [found, setFound] = useState<Discovery | undefined>();

  const discover = useCallback(() => run(async () => setFound(await send('local.discover', {}))), [run]);

  function find() {
    if (busy) return;
    // Before any await: the permission prompt needs the user's gesture. Asked at each click (the
    // browser answers at once, without a prompt, when access is already there).
    const access = requestHostAccess(hostAccessNeeded(`http://${PROBE_HOST}`), false);
    void run(async () => {
      if ((await access) === 'denied') throw new AppError('PERMISSION_DENIED', phrase('localServers_noAccess'));
      setFound(await send('local.discover', {}));
    });
  }

  return (
    <section className="card stack local-servers" aria-labelledby={headingId}>
      <h3 id={headingId}>{optionsStrings.localServers.heading}</h3>
      <p className="muted">{optionsStrings.localServers.explain(PORTS)}</p>
      <div>
        <button type="button" onClick={find} disabled={busy} aria-busy={busy}>
          {busy ? optionsStrings.localServers.finding : optionsStrings.localServers.find}
        </button>
      </div>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {found && (
        <div className="stack" role="status">
          {found.servers.length === 0 && <p>{optionsStrings.localServers.none}</p>}
          {found.servers.map((server) => (
            <FoundServerCard key={server.origin} server={server} onAdded={onAdded} onChanged={() => void discover()} />
          ))}
          {found.notModelServers.map((other) => (
            <p key={other.origin} className="muted">
              {optionsStrings.localServers.notModelServer(other.origin)}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

function FoundServerCard({ server, onAdded, onChanged }: { server: FoundServer; onAdded: (view: KeyView) => void; onChanged: () => void }) {
  const call = useVaultCall();
  const headingId = useId();
  const { busy, error, run } = useAsyncAction();
  const [added, setAdded] = useState(false);

  async function add() {
    const view = await run(() => call('keys.add', { provider: server.provider, label: nameOf(server), secret: {}, settings: { baseUrl: server.baseUrl } }));
    if (!view) return;
    setAdded(true);
    onAdded(view);
  }

  return (
    <article className="card stack" aria-labelledby={headingId}>
      <h4 id={headingId}>{optionsStrings.localServers.serverTitle(nameOf(server), server.origin)}</h4>
      {server.models.length === 0 ? (
        <p className="muted">{optionsStrings.localServers.noModels}</p>
      ) : (
        <ul aria-label={optionsStrings.localServers.models}>
          {server.models.map((model) => (
            <li key={model.id}>
              {model.id}
              {model.sizeBytes === undefined ? '' : ` (${optionsStrings.localServers.size(model.sizeBytes)})`}
            </li>
          ))}
        </ul>
      )}
      <div>
        {added ? (
          <p role="status">{optionsStrings.localServers.added}</p>
        ) : (
          <button type="button" className="primary" onClick={() => void add()} disabled={busy}>
            {optionsStrings.localServers.add(nameOf(server))}
          </button>
        )}
      </div>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {server.api === 'ollama' && <OllamaPull origin={server.origin} onFinished={onChanged} />}
    </article>
  );
}

function OllamaPull({ origin, onFinished }: { origin: string; onFinished: () => void }) {
  const { pull, start, cancel } = useOllamaPull(origin, onFinished);
  const [model, setModel] = useState('');
  const [invalid, setInvalid] = useState(false);
  const inputId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = model.trim();
    if (!OLLAMA_MODEL_NAME.test(name)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    start(name);
  }

  const running = pull.state === 'running';
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <label className="field" htmlFor={inputId}>
        <span>{optionsStrings.localServers.pullLabel}</span>
      </label>
      <div className="row">
        <input id={inputId} name="model" value={model} placeholder="llama3.2" autoComplete="off" maxLength={200} disabled={running} aria-invalid={invalid} onChange={(event) => setModel(event.currentTarget.value)} />
        {running ? (
          <button type="button" onClick={cancel}>
            {optionsStrings.localServers.cancel}
          </button>
        ) : (
          <button type="submit">{optionsStrings.localServers.pull}</button>
        )}
      </div>
      {invalid && (
        <p role="alert" className="error">
          {optionsStrings.localServers.badModelName}
        </p>
      )}
      <PullStatus pull={pull} />
    </form>
  );
}

function PullStatus({ pull }: { pull: ReturnType<typeof useOllamaPull>['pull'] }) {
  switch (pull.state) {
    case 'idle':
      return null;
    case 'running': {
      const text =
        pull.phase === 'downloading'
          ? optionsStrings.localServers.pullProgress(pull.model, optionsStrings.localServers.size(pull.completed), optionsStrings.localServers.size(pull.total))
          : pull.phase === 'verifying'
            ? optionsStrings.localServers.pullVerifying(pull.model)
            : pull.phase === 'finishing'
              ? optionsStrings.localServers.pullFinishing(pull.model)
              : optionsStrings.localServers.pullStarting(pull.model);
      return (
        <div className="stack">
          <progress aria-label={optionsStrings.localServers.pullBar} max={pull.total > 0 ? pull.total : undefined} value={pull.total > 0 ? pull.completed : undefined} />
          <p role="status">{text}</p>
        </div>
      );
    }
    case 'done':
      return <p role="status">{optionsStrings.localServers.pullDone(pull.model)}</p>;
    case 'cancelled':
      return <p role="status">{optionsStrings.localServers.pullCancelled(pull.model)}</p>;
    case 'failed':
      return (
        <p role="alert" className="error">
          {pull.message}
        </p>
      );
  }
}
