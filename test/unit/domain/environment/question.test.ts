import { describe, expect, it } from '@jest/globals';
import { parseEnvironmentQuestion } from '../../../../src/domain/environment/index.js';

describe('parseEnvironmentQuestion', () => {
  it.each([
    ["What's the technical setup for Acme?", 'Acme', 'setup'],
    ['what is the tech setup of Acme Corp', 'Acme Corp', 'setup'],
    ['<@U123ABC> what’s the technical setup for Acme?', 'Acme', 'setup'],
    ['<@U123ABC|techhealth>   TECHNICAL SETUP FOR ACME!!', 'ACME', 'setup'],
    ['hey, can you show me the technical setup for "Globex International"?', 'Globex International', 'setup'],
    ['tech stack for Acme', 'Acme', 'tech_stack'],
    ["Acme's tech stack", 'Acme', 'tech_stack'],
    ['What’s Acme’s tech stack?', 'Acme', 'tech_stack'],
    ['what tech stack does Initech use?', 'Initech', 'tech_stack'],
    ['technology stack of Umbrella please', 'Umbrella', 'tech_stack'],
    ['integrations for Acme', 'Acme', 'integrations'],
    ['Integration for Acme.', 'Acme', 'integrations'],
    ["show me Acme's integrations", 'Acme', 'integrations'],
    ['which integrations does Acme have', 'Acme', 'integrations'],
    ['technical environment for Acme', 'Acme', 'environment'],
    ['Tech environment of Société Générale?', 'Société Générale', 'environment'],
    ['give me the technical environment summary for Acme', 'Acme', 'environment'],
  ])('when a CSM writes %j, then the customer is %j and the intent %s', (text, customerQuery, intent) => {
    expect(parseEnvironmentQuestion(text)).toEqual({ customerQuery, intent });
  });

  it.each([
    'what is the weather like?',
    'calculate technical health',
    'integrations',
    'tech stack',
    "what's their tech stack?",
    'I am setting up the integrations dashboard tomorrow',
    '<@U123ABC>',
    '',
  ])('when the message is %j, then it is not an environment question', (text) => {
    expect(parseEnvironmentQuestion(text)).toBeNull();
  });
});
