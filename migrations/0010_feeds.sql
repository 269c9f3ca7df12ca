-- Feeds polled by credscore-feeds (`credscore feeds add|list|remove|poll`). A feed added by
-- hand has no parent; a comment feed found through a post of a blog feed (wfw:commentRss,
-- Atom link rel="replies") is a child of that feed, goes with it, and is followed while its
-- post is in the blog's feed.
CREATE TABLE feeds (
    id                  BIGSERIAL PRIMARY KEY,
    url                 TEXT NOT NULL UNIQUE,
    parent_feed_id      BIGINT REFERENCES feeds (id) ON DELETE CASCADE,
    -- For a comment feed: the item id of the post its comments answer.
    post_id             TEXT,
    -- The comment count the blog feed gave last (slash:comments, thr:count).
    comment_count       BIGINT,
    platform            TEXT,
    lang                TEXT,
    interval_seconds    INTEGER NOT NULL CHECK (interval_seconds > 0),
    added_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Due when next_poll_at has passed; a poller that takes a feed moves it ahead (a lease),
    -- so two pollers never fetch the same feed at once.
    next_poll_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_polled_at      TIMESTAMPTZ,
    last_success_at     TIMESTAMPTZ,
    status              TEXT NOT NULL DEFAULT 'new'
                        CHECK (status IN ('new', 'ok', 'not_modified', 'error')),
    error_kind          TEXT,
    last_error          TEXT,
    -- Entries of the last document read that could not become items (e.g. an empty text).
    warning             TEXT,
    consecutive_errors  INTEGER NOT NULL DEFAULT 0,
    etag                TEXT,
    last_modified       TEXT,
    last_entries        INTEGER,
    items_published     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX feeds_due_idx ON feeds (next_poll_at);
CREATE INDEX feeds_parent_idx ON feeds (parent_feed_id);

-- Every item a feed published, with a hash of what was published: an entry seen again with
-- the same hash is skipped, one whose text changed is published again. Kept when its feed
-- is removed, so that adding the feed back publishes nothing twice.
CREATE TABLE feed_items (
    item_id             TEXT PRIMARY KEY,
    feed_id             BIGINT REFERENCES feeds (id) ON DELETE SET NULL,
    url                 TEXT,
    content_sha256      TEXT NOT NULL,
    versions            INTEGER NOT NULL DEFAULT 1,
    first_published_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_published_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feed_items_feed_idx ON feed_items (feed_id);
CREATE INDEX feed_items_url_idx ON feed_items (url);
