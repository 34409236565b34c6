/**
 * What stops working when an integration fails (in CSM language), and short troubleshooting steps per
 * integration type. The customer email and the DM render these through Handlebars templates
 * (`templates/steps/<type>.hbs`, owned by the alerting service); until a template exists for a type, the
 * service can render `troubleshootingSteps()` as a plain list. Keep the two in step.
 */
import { type IntegrationCategory, type IntegrationType, integrationTypeInfo } from '../records.js';
import type { FailureClass, FailureStatus } from './types.js';

export interface ImpactScope {
  /** One sentence, e.g. "Account and opportunity data stops syncing between Salesforce and the product." */
  summary: string;
  /** The concrete things that stop working. */
  stops: string[];
}

const BY_CATEGORY: Record<IntegrationCategory, ImpactScope> = {
  crm: {
    summary: 'Account, contact and opportunity data stops syncing between the CRM and the product.',
    stops: ['CRM records no longer update', 'Automations triggered from CRM changes stop', 'Reports show stale data'],
  },
  messaging: {
    summary: 'Notifications no longer reach the team’s chat channels.',
    stops: ['Alerts and notifications to channels', 'Slash commands and interactive messages'],
  },
  support: {
    summary: 'Tickets and conversations stop flowing between the support tool and the product.',
    stops: [
      'New tickets are not linked or created',
      'Ticket status updates stop',
      'Customer context is missing for agents',
    ],
  },
  sso: {
    summary: 'Users cannot sign in with single sign-on.',
    stops: ['SSO sign-in', 'Automatic user provisioning and deprovisioning'],
  },
  billing: {
    summary: 'Billing and payment events stop reaching the product.',
    stops: ['Invoices and payment status updates', 'Plan and entitlement changes'],
  },
  webhook: {
    summary: 'Events the product sends to the customer’s systems are not delivered.',
    stops: ['Real-time event delivery to the customer’s endpoint', 'Downstream workflows that wait for those events'],
  },
  api: {
    summary: 'The customer’s custom API integration cannot exchange data with the product.',
    stops: ['Custom data imports and exports', 'Automations built on the API'],
  },
};

const TYPE_SUMMARY: Partial<Record<IntegrationType, string>> = {
  salesforce: 'Account, contact and opportunity data stops syncing between Salesforce and the product.',
  hubspot: 'Contacts, companies and deals stop syncing between HubSpot and the product.',
  dynamics: 'Accounts and opportunities stop syncing between Microsoft Dynamics and the product.',
  slack: 'Notifications no longer reach the customer’s Slack channels.',
  teams: 'Notifications no longer reach the customer’s Microsoft Teams channels.',
  zendesk: 'Zendesk tickets stop syncing with the product.',
  intercom: 'Intercom conversations and contacts stop syncing with the product.',
  jira: 'Jira issues are no longer created or updated from the product.',
  okta: 'Users cannot sign in through Okta, and provisioning stops.',
  azure_ad: 'Users cannot sign in through Azure AD (Entra ID), and provisioning stops.',
  google_workspace: 'Google sign-in and directory sync stop working.',
  stripe: 'Stripe payments, invoices and subscription changes stop reaching the product.',
};

/**
 * The impact scope of a failing integration. A partial failure names its endpoints and says the rest works;
 * a degraded status says "may be delayed" instead of "stops".
 * @example describeImpact('salesforce', 'oauth', 'disconnected').summary // 'Account, contact and opportunity data stops syncing between Salesforce and the product.'
 */
export function describeImpact(
  type: IntegrationType,
  failureClass: FailureClass,
  status: FailureStatus,
  endpoints: string[] = [],
): ImpactScope {
  const info = integrationTypeInfo(type);
  const base = BY_CATEGORY[info.category];
  let summary = TYPE_SUMMARY[type] ?? base.summary;
  if (failureClass === 'partial' && endpoints.length > 0) {
    summary = `Part of ${info.displayName} is failing (${endpoints.join(', ')}); the rest still works.`;
  } else if (status === 'degraded') {
    summary = `${info.displayName} is degraded (some requests fail), so at times: ${lowerFirst(summary)}`;
  }
  return { summary, stops: [...base.stops] };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

const RECONNECT_STEPS = [
  'Ask an admin of the customer’s account to open Settings → Integrations in the product.',
  'Click Reconnect and sign in with an account that still has admin rights.',
  'Approve the requested permissions, then run a manual sync to confirm.',
];

const STEPS_BY_CLASS: Record<FailureClass, string[]> = {
  oauth: [
    'The authorisation was revoked or expired (e.g. password change, admin removed, token policy).',
    ...RECONNECT_STEPS,
  ],
  auth: [
    'Check that the connected user still exists and has the required role or permission set.',
    'Check whether an API key or app password was rotated; create a new one if so.',
    ...RECONNECT_STEPS,
  ],
  sso: [
    'Check the identity provider’s status page and the SAML/OIDC signing certificate expiry.',
    'Compare the entity ID, ACS/redirect URL and certificate in the IdP with the product’s SSO settings.',
    'Ask an affected user to try again and collect the error shown.',
  ],
  webhook: [
    'Check that the customer’s webhook endpoint URL is reachable and returns 2xx.',
    'Check firewall/IP allow-lists and TLS certificate validity on their endpoint.',
    'Confirm the signing secret matches, then replay failed deliveries from the product.',
  ],
  partial: [
    'Check the failing endpoints’ permissions (object/field-level access) for the connected user.',
    'Look for recent schema changes (renamed or deleted fields, custom objects).',
    'Check API limits for the affected objects.',
  ],
  sync: [
    'Open the sync log in the product and look at the most recent error.',
    'Check API usage limits and the vendor’s status page.',
    'Retry the sync; if it fails again, open a support ticket with the error code.',
  ],
  silent: [
    'Confirm the sync schedule is still enabled in the product.',
    'Check the vendor’s status page and API usage limits.',
    'Trigger a manual sync and watch for an error.',
  ],
};

const TYPE_STEP: Partial<Record<IntegrationType, string>> = {
  salesforce: 'In Salesforce Setup → Connected Apps OAuth Usage, check that the app is still allowed for the user.',
  hubspot: 'In HubSpot Settings → Integrations → Connected Apps, check that the app is still installed.',
  dynamics: 'In Azure, check the app registration’s client secret expiry and its Dynamics API permission.',
  slack: 'In Slack, check that the app is still installed in the workspace and invited to the channel.',
  teams: 'In Teams, check that the incoming webhook or bot is still added to the channel.',
  zendesk: 'In Zendesk Admin Center → Apps and integrations → APIs, check the token or OAuth client is active.',
  intercom: 'In Intercom Settings → Integrations, check that the app is still installed.',
  jira: 'In Atlassian admin, check the API token owner still has project access.',
  okta: 'In Okta Admin → Applications, check the app assignment and the SAML certificate.',
  azure_ad: 'In Entra ID → Enterprise applications, check the app’s certificate and user assignment.',
  google_workspace: 'In Google Admin → Security → API controls, check the app is still trusted.',
  stripe: 'In the Stripe Dashboard → Developers, check the restricted key and webhook endpoint status.',
};

/**
 * Short troubleshooting steps for the CSM (and the customer email) for this integration type and failure
 * class: the type-specific check first, then the class's generic steps. At most 5 steps.
 * @example troubleshootingSteps('salesforce', 'oauth')[0] // 'In Salesforce Setup → Connected Apps OAuth Usage, …'
 */
export function troubleshootingSteps(type: IntegrationType, failureClass: FailureClass): string[] {
  const specific = TYPE_STEP[type];
  return [...(specific ? [specific] : []), ...STEPS_BY_CLASS[failureClass]].slice(0, 5);
}
