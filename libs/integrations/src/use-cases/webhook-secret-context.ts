/** What a subscription's sealed secret is bound to (SecretBox's context): its tenant and id. */
export function webhookSecretContext(tenantId: string, subscriptionId: string): string {
  return `webhook-subscription:${tenantId}:${subscriptionId}`;
}
