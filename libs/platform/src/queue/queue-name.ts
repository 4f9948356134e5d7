/** Every Bull queue of Townhall, in one place. A job's name is its class name. */
export enum QueueName {
  /** Onboarding: provisioning of new municipalities. */
  Tenancy = 'tenancy',
  /** Cases: deadline reminders, escalations and the workflow's timed automatic steps. */
  Cases = 'cases',
  /** Notifications: outbox events turned into inbox messages, e-mails, SMS and letters. */
  Notifications = 'notifications',
  /** Entitlements: the daily grant of benefits without an application (proactive services). */
  Entitlements = 'entitlements',
}
