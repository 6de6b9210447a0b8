// @vitest-environment happy-dom
import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Menu, type MenuEntry } from '@/src/ui/shared/Menu';

afterEach(cleanup);

/** A set of choices and an action, as the system-prompt menu has them. */
function Harness({ onManage = () => undefined }: { onManage?: () => void }) {
  const [choice, setChoice] = useState('b');
  const radio = (id: string, label: string, disabled = false): MenuEntry => ({ kind: 'radio', id, label, checked: choice === id, disabled, onSelect: () => setChoice(id) });
  const entries: MenuEntry[] = [radio('a', 'Alpha'), radio('b', 'Bravo'), radio('c', 'Charlie', true), radio('d', 'Delta'), { kind: 'separator', id: 'sep' }, { kind: 'item', id: 'manage', label: 'Manage', onSelect: onManage }];
  return (
    <>
      <p data-testid="outside">Outside</p>
      <Menu label="Pick" detail={choice} entries={entries}>
        {choice}
      </Menu>
    </>
  );
}

// Its name: what the menu is, then what the button shows (the current choice).
const button = () => screen.getByRole('button', { name: /^Pick / });
const focused = () => document.activeElement?.textContent;
const key = (name: string) => fireEvent.keyDown(document.activeElement as Element, { key: name });

describe('Menu (menu button pattern)', () => {
  it('is a button that says it opens a menu, closed at first, named by its label and the choice it shows', () => {
    render(<Harness />);
    expect(screen.getByRole('button', { name: 'Pick b' })).toBe(button());
    expect(button().getAttribute('aria-haspopup')).toBe('menu');
    expect(button().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('opens with ArrowDown, Enter or Space on the checked choice, and with ArrowUp on the last item', () => {
    render(<Harness />);
    for (const opener of ['ArrowDown', 'Enter', ' ']) {
      button().focus();
      key(opener);
      expect(screen.getByRole('menu', { name: 'Pick' })).toBeTruthy();
      expect(button().getAttribute('aria-expanded')).toBe('true');
      expect(button().getAttribute('aria-controls')).toBe(screen.getByRole('menu').id);
      expect(focused()).toBe('Bravo');
      key('Escape');
      expect(screen.queryByRole('menu')).toBeNull();
      expect(document.activeElement).toBe(button());
    }
    key('ArrowUp');
    expect(focused()).toBe('Manage');
  });

  it('moves with the arrows (wrapping), Home, End and a first letter; disabled items are reached but not chosen', () => {
    render(<Harness />);
    button().focus();
    key('ArrowDown');
    key('ArrowDown');
    expect(focused()).toBe('Charlie');
    key('ArrowDown');
    key('ArrowDown');
    expect(focused()).toBe('Manage');
    key('ArrowDown');
    expect(focused()).toBe('Alpha');
    key('ArrowUp');
    expect(focused()).toBe('Manage');
    key('Home');
    expect(focused()).toBe('Alpha');
    key('End');
    expect(focused()).toBe('Manage');
    key('d');
    expect(focused()).toBe('Delta');
    key('c');
    expect(focused()).toBe('Charlie');
    expect(document.activeElement?.getAttribute('aria-disabled')).toBe('true');
    key('Enter');
    // Nothing chosen, still open.
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(screen.getByRole('menuitemradio', { name: 'Bravo' }).getAttribute('aria-checked')).toBe('true');
  });

  it('chooses with Enter or a click, closes and gives the focus back to the button', () => {
    const onManage = vi.fn();
    render(<Harness onManage={onManage} />);
    button().focus();
    key('ArrowDown');
    key('ArrowDown');
    key('ArrowDown');
    expect(focused()).toBe('Delta');
    key('Enter');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button());
    expect(button().textContent).toBe('Pick d');

    fireEvent.click(button());
    expect(screen.getByRole('menuitemradio', { name: 'Delta' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Manage' }));
    expect(onManage).toHaveBeenCalledOnce();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button());
  });

  it('closes on a press outside and on Tab, and a second click on the button closes it', () => {
    render(<Harness />);
    fireEvent.click(button());
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.pointerDown(screen.getByTestId('outside'));
    expect(screen.queryByRole('menu')).toBeNull();

    fireEvent.click(button());
    key('Tab');
    expect(screen.queryByRole('menu')).toBeNull();

    fireEvent.click(button());
    fireEvent.pointerDown(screen.getByRole('menuitemradio', { name: 'Alpha' }));
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.click(button());
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
