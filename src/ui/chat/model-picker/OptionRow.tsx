import { memo, type CSSProperties } from 'react';
import { formatUsd } from '@/src/shared/money';
import { CheckIcon, OnDeviceIcon, ReasoningIcon, StarIcon, ToolsIcon, VisionIcon, type Icon } from '@/src/ui/shared/icons';
import { strings } from '@/src/ui/strings';
import { formatContext } from '../format';
import type { ModelBadge, ModelOption } from '../model-options';

const BADGES: Record<ModelBadge, { icon?: Icon; text: () => string; tone?: string }> = {
  vision: { icon: VisionIcon, text: () => strings.chat.picker.vision },
  reasoning: { icon: ReasoningIcon, text: () => strings.chat.picker.reasoning },
  tools: { icon: ToolsIcon, text: () => strings.chat.picker.tools },
  'on-device': { icon: OnDeviceIcon, text: () => strings.chat.picker.onDevice, tone: 'badge-accent' },
  free: { text: () => strings.chat.picker.free, tone: 'badge-ok' },
  local: { text: () => strings.chat.picker.local, tone: 'badge-ok' },
};

interface Props {
  id: string;
  style: CSSProperties;
  option: ModelOption;
  active: boolean;
  current: boolean;
  favourite: boolean;
  onPick(option: ModelOption): void;
  onHover(): void;
  onStar(option: ModelOption): void;
}

/**
 * One choice: the star, the model and its badges over its provider, context and price. The star is
 * pointer-only inside the option (an option may hold no control); the keyboard stars with Ctrl+S.
 */
export const OptionRow = memo(function OptionRow({ id, style, option, active, current, favourite, onPick, onHover, onStar }: Props) {
  const details = option.details;
  const facts: string[] = [];
  if (details?.contextWindow) facts.push(strings.chat.picker.context(formatContext(details.contextWindow)));
  if (details?.price === 'unknown') facts.push(strings.chat.picker.priceUnknown);
  else if (details?.price) facts.push(strings.chat.picker.perMillion(formatUsd(details.price.input), formatUsd(details.price.output)));
  return (
    <li
      id={id}
      style={style}
      role="option"
      aria-selected={active}
      aria-disabled={!option.usable || undefined}
      data-value={option.value}
      data-current={current || undefined}
      className="model-option"
      title={option.label}
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={active ? undefined : onHover}
      onClick={() => onPick(option)}
    >
      {details ? (
        <>
          <span
            className="model-star"
            data-on={favourite || undefined}
            title={favourite ? strings.chat.picker.unstar(details.name) : strings.chat.picker.star(details.name)}
            aria-hidden="true"
            onClick={(event) => {
              event.stopPropagation();
              onStar(option);
            }}
          >
            <StarIcon className="icon" />
          </span>
          <span className="model-option-main">
            <span className="model-option-line">
              <span className="model-option-name truncate">{details.name}</span>
              {details.badges.map((badge) => {
                const { icon: BadgeIcon, text, tone } = BADGES[badge];
                return (
                  <span key={badge} className={`badge ${tone ?? ''}`}>
                    {BadgeIcon && <BadgeIcon className="icon" aria-hidden="true" />}
                    {text()}
                  </span>
                );
              })}
            </span>
            <span className="model-option-line model-option-facts">
              <span className="truncate">{details.source}</span>
              {facts.length > 0 && <span className="model-option-price">{facts.join(' · ')}</span>}
            </span>
          </span>
          {current && <CheckIcon className="icon model-current" aria-hidden="true" />}
        </>
      ) : (
        <span className="model-option-status muted">{option.label}</span>
      )}
    </li>
  );
});
