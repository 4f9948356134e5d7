import type { FormDefinition, JsonLogic, LocalizedText } from '@townhall/forms';
import type { AssuranceLevel, Locale, StaffRole } from '@townhall/tenancy';

/**
 * A service template: data, shared by every municipality, versioned. Its files live in
 * libs/catalogue/service-templates/<code>/v<version>.yaml and are checked against
 * service-template.schema.json and then by `checkServiceTemplate` (what a schema cannot
 * say: the form's fields, the workflow's states and the fee rules fit together).
 * docs/service-templates.md describes each part.
 */
export interface ServiceTemplate {
  code: string;
  version: number;
  category: string;
  /** application: a citizen applies; booking: a citizen books a slot; proactive: no application. */
  kind: 'application' | 'booking' | 'proactive';
  applicants: ('person' | 'organisation')[];
  assuranceLevel: AssuranceLevel;
  texts: ServiceTexts;
  cpsv: CpsvMetadata;
  form: FormDefinition;
  prefill?: PrefillMapping[];
  fees?: FeeDefinition;
  workflow: WorkflowDefinition;
  messages: Record<string, MessageTemplate>;
  decisions: Record<string, DecisionTemplate>;
  delivery: DeliveryOption[];
  /** Years an application is kept after it closes, then erased. */
  retentionYears: number;
  followUps?: FollowUpDefinition[];
  proactive?: ProactiveDefinition;
  /** A filled form that the template's schema, conditions and fee rules accept (tests use it). */
  example: Record<string, unknown>;
}

export interface ServiceTexts {
  title: LocalizedText;
  summary: LocalizedText;
  /** What the service is, for its page. */
  description: LocalizedText;
  whoCanApply: LocalizedText;
  /** How long it takes, in words ("about four weeks"); processingDays says it for machines. */
  duration: LocalizedText;
}

export interface CpsvMetadata {
  /** The working days a decision usually takes (CPSV-AP processingTime). */
  processingDays: number;
  keywords: Record<Locale, string[]>;
  /** Classes of COFOG, the UN's Classification of the Functions of Government ("05.4"). */
  thematicAreas: string[];
  outputs: { id: string; title: LocalizedText }[];
  channels: ('online' | 'email' | 'post' | 'in-person')[];
}

/** A field filled in from a national register when the applicant starts. */
export interface PrefillMapping {
  field: string;
  register: 'population' | 'business' | 'property';
  /** The register record's attribute, a dotted path. */
  attribute: string;
}

/**
 * Whether a paid fee is refunded when the applicant withdraws the application:
 * `before-processing` (the default) while no official has taken the case up (claimed or been
 * given it, written a note, taken a step, asked for information); `always`; `never`.
 */
export const FEE_REFUNDS_ON_WITHDRAWAL = ['before-processing', 'always', 'never'] as const;
export type FeeRefundOnWithdrawal = (typeof FEE_REFUNDS_ON_WITHDRAWAL)[number];

/**
 * Whether a paid fee is refunded when the application is refused (a decision of outcome
 * `rejected`): `always` (a permit's fee, paid for what is not given); `never` (the default: a
 * fee for the processing, done either way). A partly approved application keeps its fee.
 */
export const FEE_REFUNDS_ON_REJECTION = ['always', 'never'] as const;
export type FeeRefundOnRejection = (typeof FEE_REFUNDS_ON_REJECTION)[number];

export interface FeeDefinition {
  /** When the fee is paid: with the application, or once it is approved. */
  due: 'on-submit' | 'on-approval';
  /** Whether a paid fee goes back when the application is withdrawn; `before-processing` when not said. */
  refundOnWithdrawal?: FeeRefundOnWithdrawal;
  /** Whether a paid fee goes back when the application is refused; `never` when not said. */
  refundOnRejection?: FeeRefundOnRejection;
  rules: FeeRule[];
}

/** One part of a fee: the fee is the sum of the rules whose `when` holds. */
export interface FeeRule {
  id: string;
  label: LocalizedText;
  /** Minor units of the municipality's currency (cents), or JsonLogic over the answers giving them. */
  amount: number | JsonLogic;
  when?: JsonLogic;
}

export type StateKind = 'open' | 'waiting-applicant' | 'waiting-payment' | 'decided' | 'closed';

export interface WorkflowState {
  id: string;
  kind: StateKind;
  label: LocalizedText;
  /** Working days the case may stay here before it is overdue (officials see it; escalated). */
  deadlineDays?: number;
}

/** Who may take a transition: staff by role, the applicant, or the system (automatic). */
export type Actor = StaffRole | 'applicant' | 'system';

export interface WorkflowTransition {
  id: string;
  from: string;
  to: string;
  label: LocalizedText;
  by: Actor[];
  /** JsonLogic over the answers: the transition is possible only when it holds. */
  when?: JsonLogic;
  /** The decision it makes (a key of `decisions`); the applicant receives it. */
  decision?: string;
  /**
   * The message for the applicant (a key of `messages`), sent when the step is taken; a decision's
   * step tells by its decision instead (docs/service-templates.md, "Messages").
   */
  message?: string;
  /**
   * Taking it gives back the fee paid for the application (a paid booking cancelled): the
   * payment is marked owed back in the step's transaction and refunded once that commits.
   * Only into a `closed` state, of a template with fees.
   */
  refundsFee?: boolean;
}

/** A step the system takes by itself: after a time, or on an event. */
export interface AutomaticStep {
  transition: string;
  after?: { days: number };
  on?: 'submitted' | 'payment-received' | 'follow-up-received' | 'information-received';
}

export interface WorkflowDefinition {
  initial: string;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
  automatic?: AutomaticStep[];
}

export interface MessageTemplate {
  subject: LocalizedText;
  /** Nunjucks text: {{ reference }}, {{ service }}, {{ municipality }}, {{ deadline }}… */
  body: LocalizedText;
}

export interface DecisionTemplate {
  outcome: 'approved' | 'partly-approved' | 'rejected' | 'issued';
  title: LocalizedText;
  body: LocalizedText;
  /** An appeal can be lodged within so many days (shown on the decision). */
  appealDays?: number;
}

export type DeliveryOption = 'portal' | 'email' | 'post' | 'pick-up';

/** Something the applicant owes after the decision: a report, a confirmation of participation. */
export interface FollowUpDefinition {
  id: string;
  kind: 'report' | 'participation-confirmation';
  title: LocalizedText;
  /** Days after the decision (or after the date the answers name) it is due. */
  dueDays: number;
  /** A field of the answers holding the date the due days count from (an event's end). */
  dueAfterField?: string;
  form: FormDefinition;
}

/** A service given without an application, to those a register shows entitled. */
export interface ProactiveDefinition {
  register: 'population';
  /** JsonLogic over the register record. */
  eligibility: JsonLogic;
  /** What the person is offered, and what they may decline. */
  offer: LocalizedText;
}
