/** Every Bull queue of Townhall, in one place. A job's name is its class name. */
export enum QueueName {
  /** Onboarding: provisioning of new municipalities. */
  Tenancy = 'tenancy',
}
