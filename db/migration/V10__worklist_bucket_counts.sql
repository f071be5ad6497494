-- The worklist's bucket counts (overdue, due today, new, in progress) stop at a cap, each an
-- index range scan that reads at most that many entries: at a county's scale a busy agency has tens
-- of thousands of open deliveries, and counting them all on every page view cost more than the page.
CREATE INDEX delivery_open_state ON delivery (recipient_agency_id, state) WHERE state <> 'completed';
