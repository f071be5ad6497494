-- FHIR writes (issue #14): the business identifiers a partner system gives the Task (or the event's
-- ServiceRequest/Communication) it posts, so that FHIR's conditional create
-- (If-None-Exist: identifier=system|value) finds the event it already created. One event per
-- identifier and agency: a second create with the same identifier gets the first one back.
CREATE TABLE fhir_business_identifier (
    agency_id  BIGINT        NOT NULL REFERENCES agency (id),
    system     VARCHAR(500)  NOT NULL,
    value      VARCHAR(200)  NOT NULL,
    event_id   BIGINT        NOT NULL REFERENCES shared_event (id),
    created_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, system, value)
);
CREATE INDEX fhir_business_identifier_event ON fhir_business_identifier (event_id);
