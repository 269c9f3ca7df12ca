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
#[derive(Debug, Clone)]
pub struct BandTable {
    /// Empty (0), or the fingerprint (never 0) in the high half and the original's slot in
    /// `seqs` in the low half.
    cells: Vec<u64>,
    mask: usize,
    filed: usize,
    seqs: Vec<i64>,
}

/// Largest share of cells in use before the table doubles (linear probing stays short).
const TABLE_LOAD: f64 = 0.75;

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
            if (self.filed + 1) as f64 > self.cells.len() as f64 * TABLE_LOAD {
                self.double();
            }
            let fp = fingerprint(key);
            let mut at = home(fp, self.mask);
            let mut shared = 0;
            while self.cells[at] != 0 {
                if (self.cells[at] >> 32) as u32 == fp {
                    shared += 1;
                }
                at = (at + 1) & self.mask;
            }
            if shared < BUCKET_LIMIT {
                self.cells[at] = (u64::from(fp) << 32) | u64::from(slot);
                self.filed += 1;
            }
        }
    }

    fn double(&mut self) {
        let cells = std::mem::take(&mut self.cells);
        self.cells = vec![0; cells.len() * 2];
        self.mask = self.cells.len() - 1;
        // Cells move in array order, so a key's originals keep the order they were filed in
        // (except where a probe run wrapped round the end: no matter, judging sorts by time).
        for cell in cells.into_iter().filter(|&c| c != 0) {
            let mut at = home((cell >> 32) as u32, self.mask);
            while self.cells[at] != 0 {
                at = (at + 1) & self.mask;
            }
            self.cells[at] = cell;
        }
    }

    /// The seqs of the originals filed under `key` (or under a key of the same fingerprint),
    /// earliest filed first.
    pub fn originals(&self, key: u64) -> impl Iterator<Item = i64> + '_ {
        let fp = fingerprint(key);
        let mut at = home(fp, self.mask);
        std::iter::from_fn(move || loop {
            let cell = self.cells[at];
            if cell == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
            if (cell >> 32) as u32 == fp {
                return Some(self.seqs[(cell & 0xffff_ffff) as usize]);
            }
        })
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

    /// Bytes held (cells and seqs).
    pub fn bytes(&self) -> usize {
        self.cells.len() * 8 + self.seqs.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_table_finds_every_filed_original_and_few_others() {
        // Starts small, so that it doubles several times on the way.
        let mut table = BandTable::with_capacity(0);
        for seq in 1..=20_000i64 {
            table.file(seq, (0..24u64).map(|b| mix(seq as u64 * 64 + b)));
        }
        assert_eq!(table.originals_filed(), 20_000);
        assert_eq!(table.len(), 480_000);
        for seq in [1i64, 777, 20_000] {
            for b in 0..24u64 {
                let found: Vec<i64> = table.originals(mix(seq as u64 * 64 + b)).collect();
                assert!(found.contains(&seq), "{seq}/{b}: {found:?}");
            }
        }
        let strays: usize = (0..100_000u64)
            .map(|n| table.originals(mix(n | 1 << 40)).count())
            .sum();
        assert!(
            strays < 100,
            "{strays} originals for 100,000 keys never filed"
        );
        // A key many originals share keeps only the earliest ones, in order.
        for seq in 30_000..30_100i64 {
            table.file(seq, [42]);
        }
        let shared: Vec<i64> = table.originals(42).collect();
        assert_eq!(
            shared,
            (30_000..30_000 + BUCKET_LIMIT as i64).collect::<Vec<_>>()
        );
    }
}
