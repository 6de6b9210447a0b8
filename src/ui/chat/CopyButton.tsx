import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import { copyText } from './clipboard';

/** Copies text and says so for a moment, inline on the button; its accessible name stays "Copy". */
export function CopyButton({ text }: { text: () => string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  const Glyph = state === 'copied' ? CheckIcon : CopyIcon;
  return (
    <button type="button" className="small ghost copy-button" data-state={state} aria-label={strings.chat.copy} title={strings.chat.copy} onClick={async () => setState((await copyText(text())) ? 'copied' : 'failed')}>
      <Glyph className="icon" aria-hidden="true" focusable="false" />
      {state === 'copied' ? strings.chat.copied : state === 'failed' ? strings.chat.copyFailed : strings.chat.copy}
    </button>
  );
}
