/**
 * Create Integration Proposal: a draft document (Markdown) from the integration opportunities of a
 * technical environment summary, for the CSM to edit and send. Pure string building.
 */
import type { TechnicalEnvironment } from './summary.js';

const esc = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

/**
 * The proposal: why (what the customer runs and what is already connected), each opportunity ranked with
 * its reason and suggested next steps, the technical contact to involve, and what is not known yet. Null
 * when there is no opportunity to propose.
 * @example renderIntegrationProposal(env)?.split('\n')[0] // '# Integration proposal — Acme Corp (draft)'
 */
export function renderIntegrationProposal(env: TechnicalEnvironment, now: number): string | null {
  const ops = env.techStack.opportunities;
  if (ops.length === 0) return null;
  const connected = env.integrations.items.map((i) => esc(i.name));
  const contact = env.contacts.primary ?? env.contacts.list[0] ?? null;
  const lines = [
    `# Integration proposal — ${esc(env.customer.name)} (draft)`,
    '',
    `Drafted ${new Date(now).toISOString().slice(0, 10)} from the technical environment summary. Edit before sending.`,
    '',
    '## Where they are today',
    '',
    `- Connected integrations: ${connected.length > 0 ? connected.join(', ') : 'none recorded'}`,
    `- Technologies in their stack: ${env.techStack.entries.length}`,
    '',
    '## Proposed integrations',
    '',
    ...ops.flatMap((o, n) => [
      `### ${n + 1}. ${esc(o.displayName)} (${esc(o.category)})`,
      '',
      `- They run: ${esc(o.technology)}`,
      `- Why: ${esc(o.reason)}`,
      `- Next step: confirm the ${esc(o.displayName)} owner and the data to sync, then connect it from the integration settings`,
      '',
    ]),
    '## Who to involve',
    '',
    contact
      ? `- ${esc(contact.name)}${contact.role ? `, ${esc(contact.role)}` : ''}${contact.email ? ` <${contact.email}>` : ''}`
      : '- No technical contact is recorded: ask the customer for one',
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
