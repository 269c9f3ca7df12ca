-- Copied and re-posted content across stored items (issue 13), shared by every scorer replica.
--
-- `copy_index` holds the originals: every stored item of at least eight words that copies
-- nothing earlier, with its MinHash signature (96 minima of 32 bits, little-endian).
-- `copy_bands` files each original under the bucket keys of its 24 bands (computed from the
-- signature): a new item is compared only with the originals sharing one of its keys, then
-- filed unless it is a copy itself. (A btree over one row per key: a probe costs about 2 µs
-- here, where a GIN index over arrays of keys took 20 times longer for a batch's tens of
-- thousands of keys. Each scorer also keeps a Bloom filter of the keys, so that it looks up
-- only the few keys that may be filed.)
--
-- `copies` says which stored item copies which earlier one: another author's (content passed
-- off as one's own) or the author's own (re-broadcasting). The earliest item wins: an original
-- that arrives after its copy turns the copy's index row into a `copies` row. As with items
-- and scores (0007), the scorer keeps these tables in step with `items` itself, without
-- foreign-key triggers; erasure removes an author's rows and the copies rows that name them.
CREATE TABLE copy_index (
    seq       BIGSERIAL UNIQUE,
    item_id   TEXT PRIMARY KEY,
    author    TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    signature BYTEA NOT NULL
);

-- Not unique (each filing has a new `seq`): a unique index made every insert search for a
-- duplicate first, and the inserts are most of the copy step's cost.
CREATE TABLE copy_bands (
    band_key BIGINT NOT NULL,
    seq      BIGINT NOT NULL
);
CREATE INDEX copy_bands_key_idx ON copy_bands (band_key) INCLUDE (seq);

CREATE TABLE copies (
    item_id         TEXT PRIMARY KEY,
    original_id     TEXT NOT NULL,
    original_author TEXT NOT NULL,
    similarity      DOUBLE PRECISION NOT NULL,
    found_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX copies_original_idx ON copies (original_id);
