import { phrase, renderPhrase } from '@/src/shared/i18n/text';
import type { AuditLog } from '@/src/audit/audit-log';
import type { ServerMessage } from '@/src/chat/port-protocol';
import type { BudgetCap, BudgetEstimate, BudgetNotice } from '@/src/budget/schemas';
import type { SpendSettings } from '@/src/settings/schemas';
import { estimateTokens } from '@/src/providers/usage';
import { AppError } from '@/src/shared/errors';
import type { TzOffset } from '@/src/usage/day';
import { overridesOf } from '@/src/usage/overrides';
import type { PriceBook } from '@/src/usage/price-book';
import { pricesWith } from '@/src/usage/prices';
import type { DailyRow } from '@/src/usage/rows';
import type { UsageDatabase } from '@/src/usage/usage-db';
import { showBudgetBadge } from './badge';
import { BudgetExceededError } from './errors';
import { levelOf, worstLevel } from './evaluate';
import { noticeOf } from './notice';
import { armOverride, readOverrides, takeOverrides } from './overrides';
import { capApplies, monthRows, resetsAt, spentUnder, type SpendTarget } from './spend';

/** Answer size assumed when the request sets no maximum. */
export const DEFAULT_ANSWER_TOKENS = 1_000;
/** A request estimated above this is worth a word before it is sent. */
export const LARGE_REQUEST_USD = 0.1;

/** A request worth the user's word before it is sent: large, or reaching a budget's warning share or cap. */
export function needsCostConfirmation(estimate: BudgetEstimate): boolean {
  return estimate.large || estimate.level !== 'ok';
}

export interface BudgetDeps {
  db: UsageDatabase;
  settings: () => Promise<SpendSettings>;
  prices: PriceBook;
  /** A key's provider and label, read from its record's plain metadata (nothing is decrypted). */
  keyInfo: (keyId: string) => Promise<{ provider: string; label: string } | undefined>;
  audit: AuditLog;
  now: () => number;
  offset?: TzOffset;
}

export interface RequestTarget extends SpendTarget {
  model: string;
}

export interface RequestSize {
  /** Characters of the prompt: the worker has no tokenizer, so it counts four characters a token. */
  promptChars: number;
  maxTokens?: number;
  /** Input tokens of the attachments for the first target (attachments/tokens.ts), and whether they are estimated. */
  attachments?: { tokens: number; estimated: boolean };
}

/** The prompt's input tokens: its text at four characters a token, plus its attachments'. */
const inputTokensOf = (size: RequestSize): number => estimateTokens(size.promptChars) + (size.attachments?.tokens ?? 0);

/** Budgets: warns, blocks and allows one deliberate override per cap. */
export class Budgets {
  constructor(private readonly deps: BudgetDeps) {}

  private async notice(cap: BudgetCap, rows: readonly DailyRow[], warnAt: number, estimateUsd: number | null): Promise<BudgetNotice> {
    const { now, offset } = this.deps;
    const at = now();
    const spentUsd = spentUnder(cap, rows, at, offset);
    const keyLabel = cap.scope === 'key' && cap.target ? ((await this.deps.keyInfo(cap.target))?.label ?? phrase('budget_deletedKey')) : '';
    return noticeOf({ cap, spentUsd, level: levelOf(cap, spentUsd, warnAt, estimateUsd), resetsAt: resetsAt(cap, at, offset), keyLabel, estimateUsd });
  }

  /** The caps that apply to any of the targets (all caps without targets), at their level for a request estimated at `estimateUsd`. */
  private async noticesFor(settings: SpendSettings, targets: readonly SpendTarget[] | undefined, estimateUsd: number | null): Promise<BudgetNotice[]> {
    const caps = settings.caps.filter((cap) => !targets || targets.some((target) => capApplies(cap, target)));
    if (caps.length === 0) return [];
    const rows = await monthRows(this.deps.db, this.deps.now(), this.deps.offset);
    return Promise.all(caps.map((cap) => this.notice(cap, rows, settings.warnAt, estimateUsd)));
  }

  private costOf(target: RequestTarget, size: RequestSize, settings: SpendSettings, find = this.deps.prices.peek()) {
    const usage = { inputTokens: inputTokensOf(size), outputTokens: size.maxTokens ?? DEFAULT_ANSWER_TOKENS, cachedInputTokens: 0, reasoningTokens: 0 };
    return { usage, cost: pricesWith(find, overridesOf(settings.priceOverrides)).cost(target.provider, target.model, usage, this.deps.now()) };
  }

  /** Every cap with what was spent under it (the options page, the badge). */
  async overview(): Promise<BudgetNotice[]> {
    return this.noticesFor(await this.deps.settings(), undefined, null);
  }

  /**
   * Before a chat request, once: what it would cost (by its first target) and every cap that
   * applies to one of its targets (a fallback could spend under it) at warn or block level. The
   * same answer serves the confirmation the page may show and the admission that follows it.
   * `forConfirmation` waits for the price catalog (a cold worker has not loaded it yet), so that a
   * large request is known as large; without it the first token never waits for the catalog.
   */
  async check(targets: readonly RequestTarget[], size: RequestSize, forConfirmation: boolean): Promise<BudgetEstimate> {
    const settings = await this.deps.settings();
    const first = targets[0];
    const none: BudgetEstimate = { inputTokens: inputTokensOf(size), outputTokens: size.maxTokens ?? DEFAULT_ANSWER_TOKENS, costUsd: null, large: false, level: 'ok', notices: [] };
    if (size.attachments) none.attachments = { ...size.attachments };
    if (!first || (!forConfirmation && settings.caps.length === 0)) return none;
    const find = this.deps.prices.peek() ?? (forConfirmation ? await this.deps.prices.ready() : undefined);
    const { usage, cost } = this.costOf(first, size, settings, find);
    const notices = settings.caps.length === 0 ? [] : (await this.noticesFor(settings, targets, cost)).filter((notice) => notice.level !== 'ok');
    const estimate: BudgetEstimate = {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: cost,
      large: cost !== null && cost > LARGE_REQUEST_USD,
      level: worstLevel(notices.map((notice) => notice.level)),
      notices,
    };
    if (size.attachments) estimate.attachments = { ...size.attachments };
    return estimate;
  }

  /**
   * Lets a checked request through, or not: a used-up cap blocks it unless it was overridden (the
   * override is then used up, and audited). Warnings go to the page before the answer; a block
   * sends a `block` message and throws BudgetExceededError.
   */
  async pass(checked: BudgetEstimate, post: (message: ServerMessage) => void): Promise<void> {
    const { notices } = checked;
    const blocking = notices.filter((notice) => notice.level === 'block');
    if (blocking.length > 0) {
      const armed = await readOverrides();
      const unpassed = blocking.find((notice) => !armed.includes(notice.capId));
      if (unpassed) {
        post({ type: 'budget', level: 'block', notices });
        throw new BudgetExceededError(unpassed);
      }
      await takeOverrides(blocking.map((notice) => notice.capId));
      for (const notice of blocking) await this.deps.audit.write({ action: 'budget.override-used', outcome: 'ok', detail: renderPhrase(notice.namePhrase) });
    }
    const warnings = notices.filter((notice) => notice.level === 'warn');
    if (warnings.length > 0) post({ type: 'budget', level: 'warn', notices: warnings });
  }

  /** `budget.override`: lets exactly the next request past a used-up cap. */
  async override(capId: string): Promise<{ capId: string }> {
    const notice = (await this.overview()).find((each) => each.capId === capId);
    if (!notice) throw new AppError('NOT_FOUND', phrase('error_budgetGone'));
    if (notice.level !== 'block') throw new AppError('BAD_REQUEST', phrase('error_budgetNotUsedUp'));
    await armOverride(capId);
    await this.deps.audit.write({ action: 'budget.override', outcome: 'ok', detail: renderPhrase(notice.namePhrase) });
    return { capId };
  }

  async refreshBadge(): Promise<void> {
    const notices = await this.overview();
    const fraction = Math.max(0, ...notices.map((notice) => notice.spentUsd / notice.limitUsd));
    await showBudgetBadge(worstLevel(notices.map((notice) => notice.level)), fraction);
  }
}
