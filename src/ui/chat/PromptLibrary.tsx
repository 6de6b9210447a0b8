import { useId, useState, type FormEvent } from 'react';
import { IconButton } from '@/src/ui/shared/IconButton';
import { CloseIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import { newPromptId, type PromptPreset } from './prompt-library';
import { MAX_PROMPT_NAME_CHARS, MAX_PROMPT_TEXT_CHARS } from '@/src/page/prompt-library';

interface Props {
  presets: readonly PromptPreset[];
  onSave(presets: PromptPreset[]): Promise<void>;
  /** Back to the conversation. */
  onClose(): void;
}

function PresetForm({ initial, onSubmit, onCancel, submitLabel }: { initial?: PromptPreset; onSubmit(name: string, text: string): void; onCancel?: () => void; submitLabel: string }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  const [error, setError] = useState(false);
  const errorId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || !text.trim()) {
      setError(true);
      return;
    }
    setError(false);
    onSubmit(name.trim(), text.trim());
    if (!initial) {
      setName('');
      setText('');
    }
  }

  return (
    <form className="preset-form" onSubmit={submit} aria-label={initial ? strings.chat.prompts.editNamed(initial.name) : strings.chat.prompts.add}>
      <label>
        {strings.chat.prompts.name}
        <input value={name} maxLength={MAX_PROMPT_NAME_CHARS} onChange={(event) => setName(event.target.value)} aria-describedby={error ? errorId : undefined} />
      </label>
      <label>
        {strings.chat.prompts.text}
        <textarea value={text} rows={4} maxLength={MAX_PROMPT_TEXT_CHARS} onChange={(event) => setText(event.target.value)} aria-describedby={error ? errorId : undefined} />
      </label>
      {error && (
        <p id={errorId} role="alert" className="error">
          {strings.chat.prompts.required}
        </p>
      )}
      <div className="message-actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {strings.chat.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The user's system-prompt presets: add, edit, delete. Saved in the local store. */
export function PromptLibrary({ presets, onSave, onClose }: Props) {
  const [editing, setEditing] = useState<string | undefined>();
  const headingId = useId();

  return (
    <section className="prompt-library" aria-labelledby={headingId}>
      <div className="prompt-library-head">
        <h2 id={headingId}>{strings.chat.prompts.heading}</h2>
        <IconButton icon={CloseIcon} label={strings.chat.prompts.close} onClick={onClose} />
      </div>
      <p className="muted">{strings.chat.prompts.explain}</p>
      <ul>
        {presets.map((preset) => (
          <li key={preset.id}>
            {editing === preset.id ? (
              <PresetForm
                initial={preset}
                submitLabel={strings.chat.prompts.save}
                onCancel={() => setEditing(undefined)}
                onSubmit={(name, text) => {
                  setEditing(undefined);
                  void onSave(presets.map((candidate) => (candidate.id === preset.id ? { ...candidate, name, text } : candidate)));
                }}
              />
            ) : (
              <>
                <strong>{preset.name}</strong>
                <p className="muted preset-text">{preset.text}</p>
                <div className="message-actions">
                  <button type="button" aria-label={strings.chat.prompts.editNamed(preset.name)} onClick={() => setEditing(preset.id)}>
                    {strings.chat.prompts.edit}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    aria-label={strings.chat.prompts.deleteNamed(preset.name)}
                    onClick={() => void onSave(presets.filter((candidate) => candidate.id !== preset.id))}
                  >
                    {strings.chat.prompts.delete}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <PresetForm submitLabel={strings.chat.prompts.add} onSubmit={(name, text) => void onSave([...presets, { id: newPromptId(), name, text }])} />
    </section>
  );
}
