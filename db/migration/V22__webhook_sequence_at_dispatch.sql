-- Webhook push cheap enough for ingest (issues #15 and #8, benchmark P6). Until now the change's transaction took
-- the recipient endpoints' rows FOR NO KEY UPDATE to hand out gapless per-endpoint sequence numbers, which serialised
-- every concurrent ingest to the same agency until commit. Now a message is written without a number (sequence NULL)
-- and the dispatcher numbers an endpoint's committed, unnumbered messages in id order under the endpoint's claim lock,
-- just before it claims (push/OutboxStore.number): still gapless over committed rows and unique per endpoint, and a
-- message is never sent before it has its number.

ALTER TABLE webhook_message ALTER COLUMN sequence DROP NOT NULL;
COMMENT ON COLUMN webhook_endpoint.last_sequence IS
    'The last per-endpoint sequence number given to a message; given by the dispatcher under the endpoint''s claim lock';
-- The messages still to number, per endpoint in id order.
CREATE INDEX webhook_message_unnumbered ON webhook_message (endpoint_id, id) WHERE sequence IS NULL;
-- The retention purge of delivered messages (push/OutboxPurge): oldest first.
CREATE INDEX webhook_message_delivered ON webhook_message (delivered_at, id) WHERE state = 'delivered';
