import { useId, useState, type FormEvent } from 'react';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { useToast } from '@/src/ui/shared/Toasts';
import { useAsyncAction } from '../use-async-action';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { ManagedNote } from '../policy/ManagedNote';

/**
 * After how many days a key gets the "rotate this key" reminder (0: never), saved with settings.update.
 * An organisation policy's `keyAgeReminderDays` decides it instead: shown, set by the organisation, disabled.
 */
export function RotationReminderSetting({ days, managedDays, onSaved }: { days: number; managedDays?: number | undefined; onSaved: (days: number) => void }) {
  const call = useVaultCall();
  const toast = useToast();
  const managed = managedDays !== undefined;
  const noteId = useId();
  const [draft, setValue] = useState(String(days));
  const value = managed ? String(managedDays) : draft;
  const { busy, error, run } = useAsyncAction();
  const inputId = useId();
  const parsed = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed <= 3650;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid || busy || managed) return;
    const saved = await run(() => call('settings.update', { rotateAfterDays: parsed }));
    if (!saved) return;
    onSaved(saved.rotateAfterDays ?? parsed);
    toast(optionsStrings.keyAge.settingSaved);
  }

  return (
    <form className="rotation-setting actions" onSubmit={submit}>
      <label className="field" htmlFor={inputId}>
        <span>
          {optionsStrings.keyAge.setting} {managed && <ManagedNote id={noteId} />}
        </span>
        <input
          id={inputId}
          name="rotateAfterDays"
          type="number"
          min={0}
          max={3650}
          step={1}
          value={value}
          disabled={managed}
          {...(managed ? { 'aria-describedby': noteId } : {})}
          onChange={(event) => setValue(event.currentTarget.value)}
        />
      </label>
      <button type="submit" className="small" disabled={managed || busy || !valid || parsed === days}>
        {optionsStrings.keyAge.save}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
