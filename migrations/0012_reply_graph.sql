-- Credibility given by others (issue 13): who engages with whom, and how.
--
-- One row per engagement of a stored item with another practitioner: its reply to a parent
-- item (`via = 'reply'`, `target` = the parent's item id) or an @mention of a handle
-- (`via = 'mention'`, `target` = the handle). The target's author is resolved when the graph
-- is read, not when the row is written, so a reply stored before its parent counts as soon as
-- the parent arrives. The stance model's probabilities come with it. As with items and scores
-- (0007), the scorer keeps the reference to `items` in its batch transaction, without a
-- foreign-key trigger; erasure deletes an author's engagements with their items, and
-- `credscore check` counts rows left without their item.
CREATE TABLE engagements (
    item_id        TEXT NOT NULL,
    via            TEXT NOT NULL CHECK (via IN ('reply', 'mention')),
    target         TEXT NOT NULL,
    author         TEXT NOT NULL,
    endorses       DOUBLE PRECISION NOT NULL,
    contradicts    DOUBLE PRECISION NOT NULL,
    stance_version TEXT NOT NULL,
    PRIMARY KEY (item_id, via, target)
);

-- Peer standing: computed from the whole graph by a periodic job (the scorer runs it, one
-- replica at a time, or `credscore standing`), replaced whole on every run. `endorsers` and
-- `contradictors` explain it: [{"id", "contribution"}], strongest first. Erasure removes the
-- author's row and every row that names them.
CREATE TABLE peer_standing (
    practitioner_id TEXT PRIMARY KEY,
    standing        DOUBLE PRECISION NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    endorsers       JSONB NOT NULL,
    contradictors   JSONB NOT NULL,
    version         TEXT NOT NULL,
    computed_at     TIMESTAMPTZ NOT NULL
);

-- One row per run of the peer-standing job: what it read and how long it took.
CREATE TABLE standing_runs (
    id            BIGSERIAL PRIMARY KEY,
    version       TEXT NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    seconds       DOUBLE PRECISION NOT NULL,
    practitioners BIGINT NOT NULL,
    edges         BIGINT NOT NULL,
    iterations    BIGINT NOT NULL
);
