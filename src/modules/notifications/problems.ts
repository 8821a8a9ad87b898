// What the notifications module's error codes mean over HTTP: status and English message.
import { commonProblems, mergeCatalogs, type ProblemCatalog } from '../../web/domainProblems.ts';

export const notificationsProblems: ProblemCatalog = {
  'unknown-target-kind': { status: 400, message: (p) => `kind must be one of ${p.known}` },
  'target-not-found': { status: 404, message: (p) => `there is no ${p.kind} ${p.id}` },
  'invalid-target-id': { status: 400, message: () => 'use 1–80 letters, digits, dots, hyphens or underscores' },
  'follow-limit': { status: 409, message: (p) => `at most ${p.max} subscriptions per person` },
  'invalid-email': { status: 400, message: () => 'give a valid e-mail address (name@example.kz)' },
  'consent-required': { status: 400, message: () => 'tick the consent box: an address is kept only with your consent' },
  'no-address': { status: 404, message: () => 'you have no e-mail address on file' },
  'verify-token-invalid': { status: 400, message: () => 'this verification link is not valid or has expired' },
  'unsubscribe-forged': { status: 403, message: () => 'this unsubscribe link is not valid: it was changed or is not from this site' },
  'webhook-url-invalid': { status: 400, message: () => 'give an absolute https URL without user name or password' },
  'webhook-not-https': { status: 400, message: () => 'a webhook URL must use https' },
  'webhook-private-address': { status: 400, message: (p) => `${p.host} resolves to ${p.address}, a private, loopback or reserved address; webhooks go only to public addresses` },
  'webhook-unresolvable': { status: 400, message: (p) => `${p.host} does not resolve` },
  'webhook-kinds-required': { status: 400, message: () => 'name at least one event kind' },
  'unknown-event-kind': { status: 400, message: (p) => `${p.kind} is not an event kind; known: ${p.known}` },
  'webhook-limit': { status: 409, message: (p) => `at most ${p.max} webhooks per person` },
  'webhook-not-found': { status: 404, message: (p) => `no webhook ${p.id} of yours` },
  'delivery-not-found': { status: 404, message: (p) => `no delivery ${p.id} of this webhook` },
  'bounce-token': { status: 401, message: () => 'the bounce endpoint needs the operator token (Authorization: Bearer …)' },
};

export const notificationsCatalog = mergeCatalogs(commonProblems, notificationsProblems);
