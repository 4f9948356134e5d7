import { DomainException, type FieldError } from '@townhall/platform';

export enum IntegrationsExceptionCode {
  ApiKeyNotFound = 'integrations.api_key_not_found',
  WebhookNotFound = 'integrations.webhook_not_found',
  WebhookDeliveryNotFound = 'integrations.webhook_delivery_not_found',
  WebhookUrlRefused = 'integrations.webhook_url_refused',
  WebhookDisabled = 'integrations.webhook_disabled',
  WebhookDeliveryUnderway = 'integrations.webhook_delivery_underway',
}

const STATUS: Record<IntegrationsExceptionCode, number> = {
  [IntegrationsExceptionCode.ApiKeyNotFound]: 404,
  [IntegrationsExceptionCode.WebhookNotFound]: 404,
  [IntegrationsExceptionCode.WebhookDeliveryNotFound]: 404,
  [IntegrationsExceptionCode.WebhookUrlRefused]: 400,
  [IntegrationsExceptionCode.WebhookDisabled]: 409,
  [IntegrationsExceptionCode.WebhookDeliveryUnderway]: 409,
};

export class IntegrationsException extends DomainException {
  readonly status: number;

  constructor(message: string, code: IntegrationsExceptionCode, errors: FieldError[] = []) {
    super(message, code, errors);
    this.status = STATUS[code];
  }
}
