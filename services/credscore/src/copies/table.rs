//! The band keys of the stored originals in a scorer's memory: which originals to read for
//! an entrant's keys, without asking the database about keys nobody filed.

use super::{mix, BUCKET_LIMIT};

/// The band keys of the stored originals, held by each scorer in memory: a multimap from a
/// key's 32-bit fingerprint to the originals filed under it (their `copy_index.seq`), in one
/// open-addressing table of 8-byte cells (fingerprint, original's slot), plus 8 bytes per
/// original for its seq: about 300 bytes an original in all. A key nobody filed is answered
/// without asking the database, and a key filed is answered with the few originals to read.
///
/// Filing in PostgreSQL instead (a btree row per band, 24 per original) cost more than the rest
/// of the write path, and more as the index outgrew memory: random inserts into a btree of
/// millions of keys. Fingerprints may collide (about one key in 200 at a million originals);
/// a wrong candidate only costs reading a row whose signature then does not match.
/// Originals removed later (edited, found to copy, erased) are not taken out: their seq no
/// longer reads anything.
///
/// The table grows without a pause: when it is full, a table twice its size takes the new keys
/// and each key filed after that moves a few cells of the old one across ([`MOVED_PER_KEY`]),
/// so that the old table is empty well before the new one is full. Lookups read both while
/// the move lasts. Doubling all at once held the copy lock for about a second at a million
/// originals (a 5-second window of the soak at 2,000 items/s had a p99 of 1.25 s).
#[derive(Debug, Clone)]
pub struct BandTable {
    /// Empty (0), or the fingerprint (never 0) in the high half and the original's slot in
    /// `seqs` in the low half.
    cells: Vec<u64>,
    mask: usize,
    /// The table before the last doubling, while its cells move across.
    old: Option<Moving>,
    /// Keys filed, in either table.
    filed: usize,
    seqs: Vec<i64>,
}

/// A table being emptied into its successor: its cells below `next` have moved (they stay in
/// place, so that probe runs through them still reach the cells after them, but only the new
/// table answers for them).
#[derive(Debug, Clone)]
struct Moving {
    cells: Vec<u64>,
    mask: usize,
    next: usize,
}

/// Largest share of cells in use before the table doubles (linear probing stays short).
const TABLE_LOAD: f64 = 0.75;

/// Cells of the old table moved across per key filed while it empties: it holds
/// `TABLE_LOAD` × n keys in n cells, so it is empty after n / 4 keys, when the new table
/// (2n cells) holds at most 1.0 n of its 1.5 n.
const MOVED_PER_KEY: usize = 4;

/// A band key's fingerprint: its high 32 bits, never 0 (that marks an empty cell). Band keys
/// are mixed hashes, so their high bits are as good as any.
fn fingerprint(key: u64) -> u32 {
    (key >> 32).max(1) as u32
}

/// The cell a fingerprint's probe starts from: from the fingerprint alone, so that the table
/// can double without the keys.
fn home(fingerprint: u32, mask: usize) -> usize {
    (mix(u64::from(fingerprint)) as usize) & mask
}

/// The cells of `fp`'s probe run in `cells` (from its home to the first empty cell) that
/// hold `fp` and that `live` accepts by index.
fn run<'a>(
    cells: &'a [u64],
    mask: usize,
    fp: u32,
    live: impl Fn(usize) -> bool + 'a,
) -> impl Iterator<Item = u64> + 'a {
    let mut at = home(fp, mask);
    std::iter::from_fn(move || loop {
        let cell = cells[at];
        if cell == 0 {
            return None;
        }
        let index = at;
        at = (at + 1) & mask;
        if (cell >> 32) as u32 == fp && live(index) {
            return Some(cell);
        }
    })
}

/// Puts `cell` in the first empty cell of its probe run.
fn place(cells: &mut [u64], mask: usize, cell: u64) {
    let mut at = home((cell >> 32) as u32, mask);
    while cells[at] != 0 {
        at = (at + 1) & mask;
    }
    cells[at] = cell;
}

impl Default for BandTable {
    fn default() -> BandTable {
        BandTable::with_capacity(0)
    }
}

impl BandTable {
    /// An empty table with room for `keys` band keys (at least 65,536) before it doubles.
    pub fn with_capacity(keys: usize) -> BandTable {
        let cells = ((keys.max(1 << 16) as f64 / TABLE_LOAD) as usize).next_power_of_two();
        BandTable {
            cells: vec![0; cells],
            mask: cells - 1,
            old: None,
            filed: 0,
            seqs: Vec::new(),
        }
    }

    /// Files the original `seq` under each of its band keys `keys`, except keys already
    /// shared by [`BUCKET_LIMIT`] earlier originals (a common phrase, not a sign of a copy).
    pub fn file(&mut self, seq: i64, keys: impl IntoIterator<Item = u64>) {
        let slot = u32::try_from(self.seqs.len()).expect("fewer than 4 billion originals");
        self.seqs.push(seq);
        for key in keys {
            self.move_across(MOVED_PER_KEY);
            if (self.filed + 1) as f64 > self.cells.len() as f64 * TABLE_LOAD {
                self.double();
            }
            let fp = fingerprint(key);
            if self.cells_of(fp).take(BUCKET_LIMIT).count() < BUCKET_LIMIT {
                place(
                    &mut self.cells,
                    self.mask,
                    (u64::from(fp) << 32) | u64::from(slot),
                );
                self.filed += 1;
            }
        }
    }

    /// Starts emptying the table into one twice its size (after finishing any earlier move).
    fn double(&mut self) {
        self.move_across(usize::MAX);
        let cells = std::mem::replace(&mut self.cells, vec![0; (self.mask + 1) * 2]);
        self.old = Some(Moving {
            cells,
            mask: self.mask,
            next: 0,
        });
        self.mask = self.cells.len() - 1;
    }

    /// Moves up to `count` cells of the old table across; drops it once all have moved.
    fn move_across(&mut self, count: usize) {
        let Some(old) = &mut self.old else { return };
        let end = old.cells.len().min(old.next.saturating_add(count));
        for &cell in &old.cells[old.next..end] {
            if cell != 0 {
                place(&mut self.cells, self.mask, cell);
            }
        }
        old.next = end;
        if end == old.cells.len() {
            self.old = None;
        }
    }

    /// The cells holding fingerprint `fp`, in both tables while the old one empties.
    fn cells_of(&self, fp: u32) -> impl Iterator<Item = u64> + '_ {
        let old = self
            .old
            .as_ref()
            .map(|old| run(&old.cells, old.mask, fp, move |index| index >= old.next));
        run(&self.cells, self.mask, fp, |_| true).chain(old.into_iter().flatten())
    }

    /// The seqs of the originals filed under `key` (or under a key of the same fingerprint),
    /// in no particular order.
    pub fn originals(&self, key: u64) -> impl Iterator<Item = i64> + '_ {
        self.cells_of(fingerprint(key))
            .map(|cell| self.seqs[(cell & 0xffff_ffff) as usize])
    }

    /// Band keys filed.
    pub fn len(&self) -> usize {
        self.filed
    }

    /// Whether no key is filed.
    pub fn is_empty(&self) -> bool {
        self.filed == 0
    }

    /// Originals filed.
    pub fn originals_filed(&self) -> usize {
        self.seqs.len()
    }

    /// Bytes held (cells of both tables while one empties, and seqs).
    pub fn bytes(&self) -> usize {
        let old = self.old.as_ref().map_or(0, |old| old.cells.len() * 8);
        self.cells.len() * 8 + old + self.seqs.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_table_finds_every_filed_original_and_few_others() {
        let keys = |seq: i64| (0..24u64).map(move |b| mix(seq as u64 * 64 + b));
        let found = |table: &BandTable, seq: i64| {
            keys(seq).all(|key| table.originals(key).any(|s| s == seq))
        };
        // Starts small, so that it doubles several times on the way; every original filed so
        // far is found while the old table empties as well as after.
        let mut table = BandTable::with_capacity(0);
        let mut checked_while_moving = 0;
        for seq in 1..=20_000i64 {
            table.file(seq, keys(seq));
            if seq % 250 == 0 {
                checked_while_moving += usize::from(table.old.is_some());
                for earlier in (1..=seq).step_by(97).chain([seq]) {
                    assert!(found(&table, earlier), "{earlier} lost by {seq}");
                }
            }
        }
        assert!(
            checked_while_moving > 0,
            "no check fell while a table emptied"
        );
        assert_eq!(table.originals_filed(), 20_000);
        assert_eq!(table.len(), 480_000);
        assert!((1..=20_000).all(|seq| found(&table, seq)));
        let strays: usize = (0..100_000u64)
            .map(|n| table.originals(mix(n | 1 << 40)).count())
            .sum();
        assert!(
            strays < 100,
            "{strays} originals for 100,000 keys never filed"
        );
        // A key many originals share keeps only the earliest ones.
        for seq in 30_000..30_100i64 {
            table.file(seq, [42]);
        }
        let mut shared: Vec<i64> = table.originals(42).collect();
        shared.sort_unstable();
        assert_eq!(
            shared,
            (30_000..30_000 + BUCKET_LIMIT as i64).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_old_table_empties_before_the_new_one_fills() {
        let mut table = BandTable::with_capacity(0);
        let mut doublings = 0;
        let mut cells = table.cells.len();
        for seq in 1..=200_000i64 {
            // A doubling that found the previous move unfinished would pause to finish it.
            let left = table
                .old
                .as_ref()
                .map_or(0, |old| old.cells.len() - old.next);
            table.file(seq, [mix(seq as u64)]);
            if table.cells.len() != cells {
                assert!(
                    left <= MOVED_PER_KEY,
                    "doubled at {seq} with {left} cells still to move"
                );

                doublings += 1;
                cells = table.cells.len();
            }
        }
        assert!(doublings >= 2);
        assert_eq!(table.len(), 200_000);
    }
}
