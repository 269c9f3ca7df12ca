-- Labels from people (issue 14): a reviewer confirms or corrects a cue of a stored item.
-- Append-only: a new label of the same item and target supersedes the previous one (named in
-- `replaces`) without changing it, so the history says who said what, when, and what it
-- replaced. As with the other tables (0007), the writer keeps the reference to `items`;
-- erasure removes the labels of an author's items with them.
CREATE TABLE item_labels (
    id         BIGSERIAL PRIMARY KEY,
    item_id    TEXT NOT NULL,
    target     TEXT NOT NULL CHECK (target IN ('self_promotion', 'unverifiable_claims',
                                               'writing_errors', 'credible')),
    value      SMALLINT NOT NULL CHECK (value IN (0, 1)),
    reviewer   TEXT NOT NULL,
    note       TEXT,
    replaces   BIGINT,
    labeled_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX item_labels_item_idx ON item_labels (item_id, target, id);

-- Disputes: a reviewer marks a practitioner's score as disputed, with a note; the ranking and
-- the practitioner's page show the mark until a reviewer closes it. Closed disputes stay, as
-- history. At most one open dispute per practitioner.
CREATE TABLE disputes (
    dispute_id      BIGSERIAL PRIMARY KEY,
    practitioner_id TEXT NOT NULL,
    dispute_note    TEXT NOT NULL,
    disputed_by     TEXT NOT NULL,
    disputed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at       TIMESTAMPTZ,
    closed_by       TEXT
);
CREATE UNIQUE INDEX disputes_open_idx ON disputes (practitioner_id) WHERE closed_at IS NULL;
