/**
 * Recognises the natural-language questions a CSM asks the bot about a customer's technical environment
 * (in a DM or an @mention), and pulls out the customer as typed. Matching the customer is left to
 * src/domain/customers/match.ts, so several or no matches can get a menu instead of a guess.
 */

export type EnvironmentIntent = 'setup' | 'tech_stack' | 'integrations' | 'environment';

export interface EnvironmentQuestion {
  /** The customer as typed, trimmed of quotes and punctuation ("Acme", "Globex Intl"). */
  customerQuery: string;
  intent: EnvironmentIntent;
}

const TOPICS: { intent: EnvironmentIntent; re: string }[] = [
  { intent: 'setup', re: '(?:technical|tech) set[- ]?up' },
  { intent: 'tech_stack', re: '(?:tech|technology|technical) stack' },
  { intent: 'environment', re: '(?:technical|tech) environment' },
  { intent: 'integrations', re: 'integrations?' },
];
const LEAD =
  "^(?:(?:hey|hi|hello|ok|so)\\b[ ,]*)?(?:(?:can|could|would) you )?(?:please )?(?:(?:show|give|tell|get|send|pull up|share)(?: me| us)?(?: about)? )?(?:(?:what's|what is|what are|whats|how's|how is|how are) )?(?:the |a )?";
const TAIL = '(?: please| pls)?$';

const PATTERNS = TOPICS.flatMap(({ intent, re }) => [
  // "the tech stack for Acme", "integrations of Acme"
  { intent, re: new RegExp(`${LEAD}${re}(?: summary| overview)? (?:for|of|at|on|with) (?<c>.+?)${TAIL}`, 'i') },
  // "Acme's tech stack", "Acme' integrations"
  { intent, re: new RegExp(`${LEAD}(?<c>.+?)(?:'s|') ${re}(?: summary| overview)?${TAIL}`, 'i') },
  // "what tech stack does Acme use", "which integrations does Acme have"
  {
    intent,
    re: new RegExp(`^(?:what|which) ${re} (?:does|do|is|are) (?<c>.+?) (?:have|use|using|run|running)${TAIL}`, 'i'),
  },
]);

/**
 * The intent and customer of a question such as "What's the technical setup for Acme?", "tech stack for
 * Acme", "Acme's tech stack", "integrations for Acme", "technical environment for Acme", in any case, with
 * or without punctuation, greetings, "please" or a leading bot mention (`<@U123>`). Null for anything
 * else, so unrelated messages stay unanswered.
 * @example parseEnvironmentQuestion("<@U123> what's the technical setup for Acme?") // { customerQuery: 'Acme', intent: 'setup' }
 * @example parseEnvironmentQuestion('what is the weather like?') // null
 */
export function parseEnvironmentQuestion(text: string): EnvironmentQuestion | null {
  const clean = text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[,:;\s]+/, '')
    .replace(/[\s?!.]+$/, '');
  if (!clean || clean.length > 300) return null;
  for (const { intent, re } of PATTERNS) {
    const m = re.exec(clean);
    const customerQuery = m?.groups?.c ? tidyCustomer(m.groups.c) : '';
    if (customerQuery) return { customerQuery, intent };
  }
  return null;
}

function tidyCustomer(raw: string): string {
  const c = raw
    .trim()
    .replace(/^["'`*_]+|["'`*_]+$/g, '')
    .replace(/^(?:customer|account) /i, '')
    .trim();
  // "the" alone or a pronoun is not a customer ("what's their tech stack").
  if (/^(?:the|their|its|our|my|your|this|that|them|it)$/i.test(c)) return '';
  return c;
}
