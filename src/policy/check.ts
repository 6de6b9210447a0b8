import { OrganisationPolicy, type PolicyProblemKind, type PolicyState, type PolicyView } from './schema';

/** Checking the administrator's policy against the schema: in the worker only (it builds zod). */

const MAX_PROBLEMS = 50;

interface Issue {
  code: string;
  path: readonly PropertyKey[];
  keys?: readonly string[];
}

function kindOf(code: string): PolicyProblemKind {
  switch (code) {
    case 'unrecognized_keys':
      return 'unknown-setting';
    case 'invalid_type':
      return 'wrong-type';
    case 'too_small':
    case 'too_big':
      return 'out-of-range';
    case 'invalid_value':
    case 'invalid_union':
      return 'not-allowed-value';
    default:
      return 'bad-format';
  }
}

const fieldOf = (path: readonly PropertyKey[]) => path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');

/**
 * The administrator's policy, checked whole: every field valid, or the whole policy rejected with
 * where and how it is wrong. Never half-applied: a rejected policy sets nothing. The problems name
 * fields and kinds only, never values (the gateway's key may be the wrong one).
 */
export function checkPolicy(raw: Record<string, unknown> | undefined): PolicyState {
  if (raw === undefined) return { status: 'none' };
  const parsed = OrganisationPolicy.safeParse(raw);
  if (!parsed.success) {
    const problems = (parsed.error.issues as readonly Issue[]).flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys?.length
        ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), kind: kindOf(issue.code) }))
        : [{ field: fieldOf(issue.path) || '(policy)', kind: kindOf(issue.code) }],
    );
    return { status: 'rejected', problems: problems.slice(0, MAX_PROBLEMS) };
  }
  return { status: 'active', policy: viewOf(parsed.data) };
}

/** The policy without the gateway's key: what pages and the cached state hold. */
export function viewOf(policy: OrganisationPolicy): PolicyView {
  const { gateway, keyAgeReminderDays, ...rest } = policy;
  const view: PolicyView = { ...rest };
  if (gateway) view.gateway = gateway.model === undefined ? { provider: gateway.provider, baseUrl: gateway.baseUrl } : { provider: gateway.provider, baseUrl: gateway.baseUrl, model: gateway.model };
  if (keyAgeReminderDays !== undefined) view.maxKeyAgeDays = keyAgeReminderDays;
  return view;
}

