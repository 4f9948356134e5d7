/**
 * Generated from libs/sdk/openapi.json by openapi-typescript (`npm run sdk:generate`): do not edit.
 * The SDK's test fails when the API and these types part.
 */

export interface paths {
  '/api/v1/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's services */
    get: operations['ServicesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One service of the municipality */
    get: operations['ServicesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/services.jsonld': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The catalogue as CPSV-AP 3.2.0 (JSON-LD), for EU and national catalogues to harvest */
    get: operations['CpsvApController_cpsvAp'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/services': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's services with their draft, published and template versions */
    get: operations['OfficeServicesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/services/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A service's draft customisation and whether it can be published */
    get: operations['OfficeServicesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/services/{code}/customisation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace the draft customisation (refused with field errors if it breaks the template) */
    put: operations['OfficeServicesController_saveCustomisation'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/services/{code}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Publish the draft as a new immutable version; applications in progress keep theirs */
    post: operations['OfficeServicesController_publishJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/services/{code}/upgrade': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What the template's newest version changes, and what of the customisation it breaks */
    get: operations['OfficeServicesController_upgradeJson'];
    put?: never;
    /** Adopt the template's newest version in the draft (then publish) */
    post: operations['OfficeServicesController_adoptJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The work queue: cases being worked on, most urgent first, filtered */
    get: operations['OfficeCasesController_queueJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/cases/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A case with its answers, files and history (the view is recorded for the applicant) */
    get: operations['OfficeCasesController_caseJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/cases/{id}/transitions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Take a step of the case's workflow (optimistic: name the version you saw); a key acts as a system */
    post: operations['OfficeCasesController_transitionJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/cases/{id}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The case's decision document, as issued (PDF; the view is recorded for the applicant) */
    get: operations['OfficeCasesController_decisionJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/applications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The citizen's applications, newest first */
    get: operations['ApplicationsApiController_list'];
    put?: never;
    /** Make and submit an application in one request (201; the same Idempotency-Key answers 200 with it) */
    post: operations['ApplicationsApiController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/applications/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the citizen's applications with its answers */
    get: operations['ApplicationsApiController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/applications/{id}/transitions/{transitionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Take a step the template opens to the applicant (optimistic: name the version you saw) */
    post: operations['ApplicationsApiController_takeStep'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/applications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Applications in the order their changes became visible, for syncing: start with updatedSince (or nothing), go on with after=next; a change is listed once every transaction older than it has ended */
    get: operations['OfficeApplicationsApiController_feed'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/applications/{id}/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An application's documents: the applicant's attachments and the decision (recorded) */
    get: operations['OfficeApplicationsApiController_documents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/applications/{id}/documents/{documentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A document of an application, as it was uploaded or issued (recorded) */
    get: operations['OfficeApplicationsApiController_document'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/contact-preferences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How the logged-in citizen wants to be told */
    get: operations['PortalMessagesController_getContact'];
    /** Change how the logged-in citizen wants to be told */
    put: operations['PortalMessagesController_putContact'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/inbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The logged-in citizen’s messages, newest first, with the unread count */
    get: operations['PortalMessagesController_inboxJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/entitlements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The benefits the logged-in citizen holds at the municipality, the latest first */
    get: operations['PortalEntitlementsController_json'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's API keys, newest first, revoked ones too (never their secrets) */
    get: operations['ApiKeysController_list'];
    put?: never;
    /** Make an API key; the answer holds the whole key, shown this once */
    post: operations['ApiKeysController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/api-keys/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke an API key: refused from the next request on, on every server */
    post: operations['ApiKeysController_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's webhook subscriptions, newest first (never their secrets) */
    get: operations['WebhooksController_list'];
    put?: never;
    /** Subscribe a system to events; the answer holds the signing secret, shown this once */
    post: operations['WebhooksController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One webhook subscription */
    get: operations['WebhooksController_one'];
    put?: never;
    post?: never;
    /** Delete a webhook subscription and its delivery log */
    delete: operations['WebhooksController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Disable a subscription: no more deliveries; those still to send are cancelled */
    post: operations['WebhooksController_disable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enable a disabled subscription: it gets the events that happen from now on */
    post: operations['WebhooksController_enable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace the signing secret; the answer holds the new one, shown this once */
    post: operations['WebhooksController_rotate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A subscription's deliveries, newest first: event, attempts, the receiver's last answer */
    get: operations['WebhooksController_deliveryLog'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/webhooks/{id}/deliveries/{deliveryId}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a delivery again: same webhook id and body, a new timestamp and signature */
    post: operations['WebhooksController_resend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/resources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's bookable resources with their institutions and rules */
    get: operations['BookingsController_listJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/resources/{id}/availability': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A resource's slots between two local days: free, taken or past (UTC instants) */
    get: operations['BookingsController_availabilityJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/bookings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Book a resource: 201 held (priced: pay at payment.url within 15 minutes) or confirmed/requested; 409 slot taken; 422 outside its rules */
    post: operations['BookingsController_bookJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/bookings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The logged-in citizen's bookings, latest first */
    get: operations['BookingsController_myBookingsJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/bookings/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel one of the citizen's bookings, under the resource's cancellation rule; a paid one is refunded */
    post: operations['BookingsController_cancelJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/resources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The municipality's institutions and resources, enabled or not, with their photos */
    get: operations['OfficeResourcesController_list'];
    put?: never;
    /** Add a resource (managed in the office); bookable at once when enabled */
    post: operations['OfficeResourcesController_createResourceJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/resources/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A resource, enabled or not, with its photos */
    get: operations['OfficeResourcesController_get'];
    /** Change a resource the office manages (the tenant file's: 409) */
    put: operations['OfficeResourcesController_updateResourceJson'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/institutions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add an institution (managed in the office) */
    post: operations['OfficeResourcesController_createInstitutionJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/institutions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change an institution the office manages (the tenant file's: 409) */
    put: operations['OfficeResourcesController_updateInstitutionJson'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/resources/{id}/photos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a photo (JPEG, PNG or WebP by content, at most 5 MB) with its text alternative per language */
    post: operations['OfficeResourcesController_addPhotoJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/resources/{id}/photos/{photoId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a photo */
    delete: operations['OfficeResourcesController_removePhotoJson'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/bookings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Bookings overlapping from–to, of a resource and a status if given (requested: waiting for approval): id, reference, times, status, resource */
    get: operations['OfficeResourcesController_bookingsJson'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/bookings/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a requested booking: confirmed, or (priced) held with its payment for the booker to pay; the booker is told. 409 when already decided */
    post: operations['OfficeBookingsController_approveJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/office/bookings/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a requested booking with the reason the booker is told; its time is free again. 409 when already decided, 422 without a reason */
    post: operations['OfficeBookingsController_rejectJson'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/payments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the logged-in citizen's payments: its status (poll it after returning from the gateway) */
    get: operations['PortalPaymentsController_json'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The payment gateway's signed callback (townhall-pay v1): 200 when taken or already known, 4xx when refused (each copy is logged) */
    post: operations['PaymentCallbackController_callback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ServiceSummaryResponseDto: {
      id: string;
      /** @example felling-permit */
      code: string;
      /** @example environment */
      category: string;
      /** @example Tree felling permit */
      title: string;
      summary: string;
      /**
       * @description The eID level of assurance applying needs
       * @enum {string}
       */
      assuranceLevel: 'low' | 'substantial' | 'high';
    };
    CatalogueResponseDto: {
      /** @example tartu */
      municipality: string;
      /** @example en */
      locale: string;
      items: components['schemas']['ServiceSummaryResponseDto'][];
    };
    CaseSummaryResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example TRT-2026-000001 */
      reference: string | null;
      /**
       * @description The service code
       * @example felling-permit
       */
      service: string;
      /**
       * @description The state of the service's workflow
       * @example submitted
       */
      state: string;
      /** @enum {string} */
      stateKind: 'draft' | 'open' | 'waiting-applicant' | 'waiting-payment' | 'decided' | 'closed' | 'withdrawn';
      /**
       * Format: uuid
       * @description The official in charge
       */
      assigneeId: string | null;
      /**
       * Format: date-time
       * @description When the case should leave its state
       */
      stateDueAt: string | null;
      /** Format: date-time */
      decisionDueAt: string | null;
      /** Format: date-time */
      submittedAt: string | null;
      /**
       * @description The version to name when acting on the case (optimistic lock)
       * @example 3
       */
      version: number;
    };
    FieldErrorResponseDto: {
      /**
       * @description The field, by its path in the request
       * @example name
       */
      field: string;
      /** @example name must be 1 to 80 characters */
      message: string;
    };
    ProblemResponseDto: {
      /** @example about:blank */
      type: string;
      /** @example Forbidden */
      title: string;
      /** @example 403 */
      status: number;
      /** @description What went wrong, for a person to read */
      detail: string;
      /**
       * @description A stable code of the error, part of the API
       * @example invalid_request
       */
      code?: string;
      /** @description Each field that was refused */
      errors?: components['schemas']['FieldErrorResponseDto'][];
      /** @description The request id, to quote when reporting a problem */
      requestId?: string;
      /** @description Where a person logs in (when a login is needed) */
      loginUrl?: string;
    };
    VerifiedAnswerResponseDto: {
      /** @enum {string} */
      register: 'population' | 'business' | 'property';
      /**
       * @description The register record's attribute
       * @example address
       */
      attribute: string;
      /**
       * Format: date-time
       * @description When the register answered
       */
      fetchedAt: string;
      /**
       * @description A group filled from a register's list (attribute children): the sub-fields of each item the register gave, each with the attribute it was read from. These sub-fields of every item of the answer are verified; the other sub-fields the applicant typed
       * @example {
       *       "name": "name",
       *       "personalCode": "personalCode",
       *       "birthDate": "dateOfBirth"
       *     }
       */
      fields?: {
        [key: string]: string;
      };
      /** @description A group filled from a register's list: the items the register gave, by those sub-fields. Every item of the answer is one of them (the applicant chose which): none added, none changed */
      items?: {
        [key: string]: unknown;
      }[];
    };
    UnverifiedAnswerResponseDto: {
      /** @enum {string} */
      register: 'population' | 'business' | 'property';
      /** @example address */
      attribute: string;
      /**
       * @description Why the register gave nothing
       * @example timed out
       */
      reason: string;
      /**
       * Format: date-time
       * @description When the register was asked
       */
      at: string;
    };
    CaseDecisionResponseDto: {
      /**
       * @description The decision template's key
       * @example permit-granted
       */
      key: string;
      /** @enum {string} */
      outcome: 'approved' | 'partly-approved' | 'rejected' | 'issued';
      reasons: string;
      /** Format: date-time */
      decidedAt: string;
      /** @description Who decided (an official, or a system) */
      decidedBy: string;
      /**
       * Format: uuid
       * @description The decision document (GET …/decision gives it)
       */
      documentId: string;
      /** Format: date-time */
      appealUntil: string | null;
    };
    CaseEventResponseDto: {
      /** Format: uuid */
      id: string;
      /** Format: date-time */
      occurredAt: string;
      /** @example transition */
      kind: string;
      /** @enum {string} */
      actorKind: 'citizen' | 'staff' | 'system';
      actorName: string;
      transition: string | null;
      fromState: string | null;
      toState: string | null;
      /** @description A note the applicant does not see */
      internal: boolean;
      text: string | null;
    };
    CaseFileResponseDto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind: 'attachment' | 'decision' | 'permit';
      /** @description The form field it was attached to */
      field: string | null;
      fileName: string;
      /** @example application/pdf */
      mediaType: string;
      sizeBytes: number;
      /** @description SHA-256 of the bytes, hex */
      sha256: string;
      /** Format: date-time */
      createdAt: string;
    };
    CaseResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example TRT-2026-000001 */
      reference: string | null;
      /** @example felling-permit */
      serviceCode: string;
      /** @description The published version of the service the application was made under */
      serviceVersion: number;
      /** Format: uuid */
      applicantId: string;
      /** @description The organisation the applicant acted for */
      organisation?: {
        [key: string]: unknown;
      } | null;
      state: string;
      /** @enum {string} */
      stateKind: 'draft' | 'open' | 'waiting-applicant' | 'waiting-payment' | 'decided' | 'closed' | 'withdrawn';
      /** @description The answers, by the form's field names */
      answers: {
        [key: string]: unknown;
      };
      /** @description The answers a national register gave, by field name: read-only for the applicant */
      verified: {
        [key: string]: components['schemas']['VerifiedAnswerResponseDto'];
      };
      /** @description The answers the applicant typed because the register did not answer: for an official to check */
      unverified: {
        [key: string]: components['schemas']['UnverifiedAnswerResponseDto'];
      };
      /** Format: uuid */
      assigneeId: string | null;
      department: string | null;
      /** Format: date-time */
      submittedAt: string | null;
      /** Format: date-time */
      stateDueAt: string | null;
      /** Format: date-time */
      decisionDueAt: string | null;
      decision: components['schemas']['CaseDecisionResponseDto'] | null;
      /** @description The version to name when acting on the case */
      version: number;
      /** @description The workflow steps the caller may take now */
      transitions: string[];
      history: components['schemas']['CaseEventResponseDto'][];
      files: components['schemas']['CaseFileResponseDto'][];
    };
    TransitionRequestDto: {
      /**
       * @description The id of a transition of the service's workflow
       * @example start-review
       */
      transition: string;
      /** @description The version of the case you saw: a change made meanwhile is a 409 */
      version: number;
      /** @description The reasons of a decision, or what information is needed */
      text?: string;
      /** @description A request for information: working days to answer */
      dueDays?: number;
      /** @description A request for information: the fields to correct */
      fields?: string[];
    };
    TransitionResultResponseDto: {
      /** Format: uuid */
      id: string;
      /** @description The state the case is in now */
      state: string;
      /** @description The new version of the case */
      version: number;
    };
    SubmitApplicationRequestDto: Record<string, never>;
    ApplicantStepRequestDto: {
      /** @description The version of the application you saw: a change made meanwhile is a 409 */
      version: number;
    };
    ApplicationFeedItemDto: {
      /** Format: uuid */
      id: string;
      /** @example TRT-2026-000001 */
      reference: string | null;
      /**
       * @description The service code
       * @example felling-permit
       */
      service: string;
      /**
       * @description The state of the service's workflow
       * @example decided
       */
      state: string;
      /** @enum {string} */
      stateKind: 'open' | 'waiting-applicant' | 'waiting-payment' | 'decided' | 'closed' | 'withdrawn';
      /** Format: date-time */
      submittedAt: string | null;
      /**
       * @description The outcome, once decided
       * @enum {string|null}
       */
      outcome: 'approved' | 'partly-approved' | 'rejected' | 'issued' | null;
      /** Format: date-time */
      decidedAt: string | null;
      /**
       * Format: date-time
       * @description When it last changed
       */
      updatedAt: string;
      /** @description Its version: it grows with each change */
      version: number;
    };
    ApplicationsFeedResponseDto: {
      /** @description Oldest change first */
      items: components['schemas']['ApplicationFeedItemDto'][];
      /** @description Pass as `after` for the next page; also the place to resume the next sync from */
      next: string | null;
    };
    ContactPreferencesRequestDto: {
      /** @example mari@example.ee */
      email?: Record<string, never> | null;
      /** @example +37251234567 */
      phone?: Record<string, never> | null;
      /** @example Rüütli 1, 51007 Tartu */
      postalAddress?: Record<string, never> | null;
      channels?: ('email' | 'sms')[];
    };
    EntitlementResponseDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description The benefit's code in the municipality's settings
       * @example sports-wristband-68
       */
      code: string;
      /**
       * @description Per language; empty when the municipality no longer offers the benefit
       * @example {
       *       "fi": "+68-liikuntaranneke",
       *       "sv": "+68-motionsarmband",
       *       "en": "+68 sports wristband"
       *     }
       */
      title: {
        [key: string]: string;
      };
      /** @description What it gives, per language */
      description: {
        [key: string]: string;
      };
      /**
       * Format: date
       * @description The day it holds from
       * @example 2026-05-03
       */
      validFrom: string;
      /** Format: date-time */
      grantedAt: string;
      /**
       * @description proactive: granted without an application
       * @enum {string}
       */
      source: 'proactive';
    };
    MyEntitlementsResponseDto: {
      /** @description The latest first */
      entitlements: components['schemas']['EntitlementResponseDto'][];
    };
    ApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example Document register */
      name: string;
      /**
       * @description The key's public part, the start of the key
       * @example th_k3x9q2ab
       */
      prefix: string;
      scopes: (
        'applications:read' | 'cases:read' | 'cases:write' | 'decisions:read' | 'documents:read' | 'bookings:read'
      )[];
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: uuid
       * @description The admin who made it
       */
      createdBy: string;
      /**
       * Format: date-time
       * @description To the minute
       */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /**
       * Format: uuid
       * @description The admin who revoked it
       */
      revokedBy: string | null;
    };
    CreateApiKeyRequestDto: {
      /**
       * @description What the key is for
       * @example Document register
       */
      name: string;
      /** @description What the key may be used for */
      scopes: (
        'applications:read' | 'cases:read' | 'cases:write' | 'decisions:read' | 'documents:read' | 'bookings:read'
      )[];
    };
    CreatedApiKeyResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example Document register */
      name: string;
      /**
       * @description The key's public part, the start of the key
       * @example th_k3x9q2ab
       */
      prefix: string;
      scopes: (
        'applications:read' | 'cases:read' | 'cases:write' | 'decisions:read' | 'documents:read' | 'bookings:read'
      )[];
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: uuid
       * @description The admin who made it
       */
      createdBy: string;
      /**
       * Format: date-time
       * @description To the minute
       */
      lastUsedAt: string | null;
      /** Format: date-time */
      revokedAt: string | null;
      /**
       * Format: uuid
       * @description The admin who revoked it
       */
      revokedBy: string | null;
      /**
       * @description The whole key, to send as Authorization: Bearer <key>. Shown this once: only its hash is kept.
       * @example th_k3x9q2ab_…
       */
      key: string;
    };
    WebhookResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example https://records.example.eu/townhall/webhooks */
      url: string;
      /** @example Records system */
      description: string;
      events: (
        | 'application.submitted'
        | 'application.information-requested'
        | 'application.decided'
        | 'application.withdrawn'
        | 'case.deadline-near'
        | 'case.escalated'
      )[];
      /** @description Whether it is sent events (false: disabled) */
      enabled: boolean;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: uuid
       * @description The admin who made it
       */
      createdBy: string;
      /**
       * Format: date-time
       * @description When the secret was last replaced
       */
      secretRotatedAt: string | null;
      /** Format: date-time */
      disabledAt: string | null;
      /**
       * Format: uuid
       * @description The admin who disabled it
       */
      disabledBy: string | null;
    };
    CreateWebhookRequestDto: {
      /**
       * @description Where deliveries are posted: https (http only to localhost, in development); in production not to a private network
       * @example https://records.example.eu/townhall/webhooks
       */
      url: string;
      /**
       * @description What the receiving system is
       * @example Records system
       */
      description: string;
      /** @description The events it is sent */
      events: (
        | 'application.submitted'
        | 'application.information-requested'
        | 'application.decided'
        | 'application.withdrawn'
        | 'case.deadline-near'
        | 'case.escalated'
      )[];
    };
    WebhookWithSecretResponseDto: {
      /** Format: uuid */
      id: string;
      /** @example https://records.example.eu/townhall/webhooks */
      url: string;
      /** @example Records system */
      description: string;
      events: (
        | 'application.submitted'
        | 'application.information-requested'
        | 'application.decided'
        | 'application.withdrawn'
        | 'case.deadline-near'
        | 'case.escalated'
      )[];
      /** @description Whether it is sent events (false: disabled) */
      enabled: boolean;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: uuid
       * @description The admin who made it
       */
      createdBy: string;
      /**
       * Format: date-time
       * @description When the secret was last replaced
       */
      secretRotatedAt: string | null;
      /** Format: date-time */
      disabledAt: string | null;
      /**
       * Format: uuid
       * @description The admin who disabled it
       */
      disabledBy: string | null;
      /**
       * @description The signing secret (whsec_…): HMAC-SHA256 key of the Townhall-Webhook-Signature header. Shown this once.
       * @example whsec_…
       */
      secret: string;
    };
    WebhookDeliveryResponseDto: {
      /**
       * Format: uuid
       * @description The webhook id (Townhall-Webhook-Id), the same on every attempt
       */
      id: string;
      /** @enum {string} */
      event:
        | 'application.submitted'
        | 'application.information-requested'
        | 'application.decided'
        | 'application.withdrawn'
        | 'case.deadline-near'
        | 'case.escalated';
      /**
       * Format: uuid
       * @description The event's id (the body's id)
       */
      eventId: string;
      /** @enum {string} */
      status: 'pending' | 'sending' | 'retrying' | 'delivered' | 'failed' | 'cancelled';
      /** @description Attempts so far, resends included */
      attempts: number;
      /** @description The HTTP status of the last answer */
      lastStatus: number | null;
      /** @description What went wrong on the last attempt */
      lastError: string | null;
      /**
       * Format: date-time
       * @description When it was planned (the event was handled)
       */
      createdAt: string;
      /** Format: date-time */
      lastAttemptAt: string | null;
      /** Format: date-time */
      deliveredAt: string | null;
    };
    BookingRequestDto: {
      /** Format: uuid */
      resourceId: string;
      /**
       * @description ISO 8601 with its offset (or Z)
       * @example 2025-03-04T18:00:00+02:00
       */
      start: string;
      /**
       * @description ISO 8601 with its offset (or Z); not included
       * @example 2025-03-04T20:00:00+02:00
       */
      end: string;
    };
    InstitutionContactsDto: {
      /** @example info@school.example.eu */
      email?: string;
      /** @example +372 744 7140 */
      phone?: string;
      /** @example Mari Maasikas */
      person?: string;
    };
    OfficeInstitutionRequestDto: {
      /**
       * @description Per language (en, et, fi, sv, bg); at least one
       * @example {
       *       "en": "Auditorium",
       *       "et": "Aula"
       *     }
       */
      name: {
        [key: string]: string;
      };
      /** @example Munga 14, Tartu */
      address: string;
      contacts?: components['schemas']['InstitutionContactsDto'];
    };
    OfficeResourceRequestDto: {
      /** Format: uuid */
      institutionId: string;
      /** @enum {string} */
      kind: 'room' | 'hall' | 'sports' | 'wedding-slot';
      /**
       * @description Per language; at least one
       * @example {
       *       "en": "Auditorium",
       *       "et": "Aula"
       *     }
       */
      name: {
        [key: string]: string;
      };
      /**
       * @description Per language
       * @example {
       *       "en": "Auditorium",
       *       "et": "Aula"
       *     }
       */
      description?: {
        [key: string]: string;
      };
      /** @description People it holds */
      capacity?: number | null;
      /** @description m² */
      areaM2?: number | null;
      /**
       * @example [
       *       "projector",
       *       "piano"
       *     ]
       */
      equipment?: string[];
      /** @description Minor units of the municipality's currency per hour; 0 is free */
      pricePerHour: number;
      /**
       * @description Local wall-clock times per weekday (monday … sunday); a missing day is not bookable
       * @example {
       *       "monday": [
       *         "17:00-21:00"
       *       ]
       *     }
       */
      bookableHours: {
        [key: string]: string[];
      };
      /** @default 30 */
      slotMinutes: number;
      minMinutes: number;
      maxMinutes: number;
      /** @default 0 */
      leadMinutes: number;
      /** @default 0 */
      cancellationNoticeMinutes: number;
      /** @default false */
      needsApproval: boolean;
      /** @default true */
      enabled: boolean;
    };
    RejectBookingRequestDto: {
      /**
       * @description 1 to 1000 characters
       * @example The hall is closed for repairs that week.
       */
      reason: string;
    };
    PaymentResponseDto: {
      id: string;
      /** @enum {string} */
      status: 'created' | 'pending' | 'paid' | 'failed' | 'expired' | 'refunded';
      /** @description Integer minor units */
      amount: number;
      /** @example EUR */
      currency: string;
      /** @enum {string|null} */
      method?: 'card' | 'bank-link' | 'invoice' | 'at-office' | null;
      expiresAt: string;
      paidAt?: Record<string, never> | null;
      receiptNumber?: Record<string, never> | null;
    };
    PaymentCallbackRequestDto: {
      /**
       * @description The merchant: the municipality's account at the gateway
       * @example tartu
       */
      merchantId: string;
      /**
       * @description The gateway's session id
       * @example ses_8f3a…
       */
      sessionId: string;
      /** @description The payment's id, as sent when the session was opened */
      reference: string;
      /** @description The id of this event at the gateway: every copy of one callback has the same */
      eventId: string;
      /** @enum {string} */
      status: 'paid' | 'failed' | 'cancelled';
      /**
       * @description Integer minor units (checked against the payment, never taken)
       * @example 10000
       */
      amount: number;
      /** @example EUR */
      currency: string;
      /** @example 2026-03-01T10:00:00.000Z */
      sentAt: string;
    };
    PaymentCallbackResponseDto: {
      /**
       * @description What became of this copy
       * @enum {string}
       */
      verdict: 'accepted' | 'duplicate' | 'out-of-order';
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  ServicesController_list: {
    parameters: {
      query?: {
        /** @description Defaults to the municipality's default language */
        locale?: 'et' | 'en' | 'bg' | 'sv' | 'fi';
        /** @description Words to search for, in the given language (stemmed where PostgreSQL knows it; prefixes match) */
        q?: string;
      };
      header?: {
        /** @description The ETag of a catalogue the client holds */
        'If-None-Match'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CatalogueResponseDto'];
        };
      };
      /** @description The catalogue has not changed since the given ETag */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ServicesController_get: {
    parameters: {
      query?: {
        /** @description Defaults to the municipality's default language */
        locale?: 'et' | 'en' | 'bg' | 'sv' | 'fi';
        /** @description Words to search for, in the given language (stemmed where PostgreSQL knows it; prefixes match) */
        q?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CpsvApController_cpsvAp: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A JSON-LD document (application/ld+json) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_saveCustomisation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_publishJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_upgradeJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeServicesController_adoptJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeCasesController_queueJson: {
    parameters: {
      query?: {
        /** @description Only cases of this service (its code) */
        service?: string;
        /** @description Only cases in this state of the service's workflow */
        state?: string;
        /** @description Only cases of this official (a staff id), none for unassigned ones, me for the official's own */
        assignee?: string;
        /** @description Only cases past, or within 3 days of, their due date */
        due?: 'overdue' | 'soon';
        /** @description Pages of 50 cases, from 1 */
        page?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseSummaryResponseDto'][];
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope cases:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeCasesController_caseJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseResponseDto'];
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope cases:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description No such case (here) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeCasesController_transitionJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TransitionRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TransitionResultResponseDto'];
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope cases:write */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description No such case (here) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description Changed meanwhile, or the step is not open now */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeCasesController_decisionJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The decision (PDF) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope decisions:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description No such case (here), or no decision yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/pdf': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  ApplicationsApiController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApplicationsApiController_submit: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubmitApplicationRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApplicationsApiController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ApplicationsApiController_takeStep: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        transitionId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApplicantStepRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TransitionResultResponseDto'];
        };
      };
      /** @description No such application of yours (here) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description Changed meanwhile, or the step is not open now */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeApplicationsApiController_feed: {
    parameters: {
      query?: {
        /** @description Only applications of this service (its code) */
        service?: string;
        /** @description Only applications of this kind of state */
        stateKind?: 'open' | 'waiting-applicant' | 'waiting-payment' | 'decided' | 'closed' | 'withdrawn';
        /** @description Only applications changed at or after this time (the first call of a sync) */
        updatedSince?: string;
        /** @description The `next` of the previous page: go on after it */
        after?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApplicationsFeedResponseDto'];
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope applications:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeApplicationsApiController_documents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CaseFileResponseDto'][];
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope documents:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description No such application (here) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  OfficeApplicationsApiController_document: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description No API key or login; an unknown or revoked key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The key lacks the scope documents:read */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description No such application or document (here) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  PortalMessagesController_getContact: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalMessagesController_putContact: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ContactPreferencesRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalMessagesController_inboxJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalEntitlementsController_json: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MyEntitlementsResponseDto'];
        };
      };
    };
  };
  ApiKeysController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyResponseDto'][];
        };
      };
      /** @description Not a municipal admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  ApiKeysController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiKeyRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKeyResponseDto'];
        };
      };
      /** @description A name or scope refused, each named */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description Not a municipal admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  ApiKeysController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookResponseDto'][];
        };
      };
      /** @description Not a municipal admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWebhookRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookWithSecretResponseDto'];
        };
      };
      /** @description A URL, description or event refused, each named */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description Not a municipal admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_one: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_disable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_enable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_rotate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookWithSecretResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_deliveryLog: {
    parameters: {
      query?: {
        /** @description How many, newest first */
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryResponseDto'][];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  WebhooksController_resend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        deliveryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookDeliveryResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
      /** @description The webhook is disabled, or the delivery is on its way */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  BookingsController_listJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  BookingsController_availabilityJson: {
    parameters: {
      query?: {
        /** @description First day (local), default today */
        from?: string;
        /** @description Day after the last (local), default a week after from */
        to?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  BookingsController_bookJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['BookingRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  BookingsController_myBookingsJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  BookingsController_cancelJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_createResourceJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OfficeResourceRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_updateResourceJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OfficeResourceRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_createInstitutionJson: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OfficeInstitutionRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_updateInstitutionJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OfficeInstitutionRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_addPhotoJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'multipart/form-data': {
          /** Format: binary */
          photo: string;
          /** @description The text alternative in the municipality's default language */
          alt: string;
          /** @description The text alternative in a language: alt_en, alt_et, alt_fi, alt_sv, alt_bg */
          alt_en?: string;
        };
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_removePhotoJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        photoId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeResourcesController_bookingsJson: {
    parameters: {
      query?: {
        resource?: string;
        from?: string;
        to?: string;
        status?: 'held' | 'requested' | 'confirmed' | 'cancelled' | 'expired' | 'rejected';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeBookingsController_approveJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OfficeBookingsController_rejectJson: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RejectBookingRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalPaymentsController_json: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentResponseDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProblemResponseDto'];
        };
      };
    };
  };
  PaymentCallbackController_callback: {
    parameters: {
      query?: never;
      header?: {
        /** @description v1=<HMAC-SHA256 of the signed fields with the merchant secret, hex> */
        'X-Signature'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PaymentCallbackRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentCallbackResponseDto'];
        };
      };
    };
  };
}
