-- Escalation: the job looks for open deliveries past due that nobody escalated yet, oldest due
-- first. The partial index holds only those rows, so it stays small however much history there is.
CREATE INDEX delivery_escalation_due ON delivery (due_at) WHERE state <> 'completed' AND escalated_at IS NULL;
