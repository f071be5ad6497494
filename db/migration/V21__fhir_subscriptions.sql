-- FHIR R4 topic-based subscriptions (Subscriptions R5 Backport IG, issue #15): a Subscription is one more kind of
-- push endpoint of an agency, sent from the same outbox as the webhooks (push/Outbox, push/WebhookDispatcher).
-- Its rest-hook notifications are id-only Bundles; the endpoint's sequence number is the subscription's event
-- number (events-since-subscription-start), and $events reads the outbox's messages back by it.

ALTER TABLE webhook_endpoint
    ADD COLUMN channel VARCHAR(24) NOT NULL DEFAULT 'webhook' CHECK (channel IN ('webhook', 'fhir-rest-hook')),
    -- The topic's filters (logical AND; NULL: any): the Task's owner and requester agency, and Task.status codes.
    ADD COLUMN filter_owner_agency_id BIGINT REFERENCES agency (id),
    ADD COLUMN filter_requester_agency_id BIGINT REFERENCES agency (id),
    ADD COLUMN filter_task_statuses TEXT[],
    -- The channel's HTTP headers as the subscriber gave them (e.g. its own Authorization), AES-GCM sealed like the
    -- secrets, since they often hold the receiver's credentials; never shown again.
    ADD COLUMN channel_headers BYTEA,
    -- Subscription.end: no notifications after it.
    ADD COLUMN ends_at TIMESTAMPTZ,
    ADD CONSTRAINT webhook_endpoint_filters_only_for_subscriptions CHECK (channel = 'fhir-rest-hook' OR (
        filter_owner_agency_id IS NULL AND filter_requester_agency_id IS NULL AND filter_task_statuses IS NULL
        AND channel_headers IS NULL AND ends_at IS NULL));

-- $events reads a subscription's notifications by event number through UNIQUE (endpoint_id, sequence) of V18.
