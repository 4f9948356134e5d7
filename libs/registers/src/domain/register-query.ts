/**
 * Why a register is asked about a citizen: every such look-up is written to the data-access
 * log (libs/audit) for that citizen, who sees it on "Who has seen my data".
 */
export interface RegisterQueryPurpose {
  /** The citizen the data is about: their user id in Townhall (`citizens.id`). */
  personId: string;
  /** Why, in the words the citizen is shown: an application's reference, "prefilling your application"… */
  reason: string;
  /** The application the look-up is for, if any (the office shows it on the case). */
  applicationId?: string | null;
}

/** A person as the national registers identify them. */
export interface NationalId {
  /** ISO 3166-1 alpha-2 of the issuing country: EE, FI, SE, BG. */
  country: string;
  personalCode: string;
}
