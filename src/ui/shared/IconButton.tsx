import type { ButtonHTMLAttributes } from 'react';
import type { Icon } from './icons';

/**
 * A button that shows only an icon: `label` is its accessible name and its tooltip, so a pointer
 * user and a screen reader get the same words. Pass aria-pressed / aria-expanded through for toggles.
 */
export function IconButton({
  icon: Glyph,
  label,
  className,
  small,
  ...rest
}: { icon: Icon; label: string; small?: boolean } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'aria-label' | 'title'>) {
  return (
    <button type="button" {...rest} className={['icon-button', small ? 'small' : '', className ?? ''].filter(Boolean).join(' ')} aria-label={label} title={label}>
      <Glyph className="icon" aria-hidden="true" focusable="false" />
    </button>
  );
}
