//! Shards: one corpus cut into N parts that separate processes (a Slurm
//! job array, GNU parallel, Spark) label with the same model, and
//! [`crate::merge`] joins again.
//!
//! The unit is what the reader hands on as one piece: a page file (position
//! 0), or one line or row of a JSONL or CSV file (its 1-based line). Its
//! shard is the 64-bit XXH3 hash (seed 0, the `xxhash-rust` crate; a fixed,
//! published algorithm, unlike std's randomly keyed hasher) of the path as
//! the input names it, a 0xFF byte (never in UTF-8 text), and the position
//! as 8 little-endian bytes, modulo N. The part an article lands in depends
//! on its file's path and its place in it, never on the order of the
//! arguments or on which machine runs it: give every shard the same input
//! paths (the same relative paths from the same folder, or the same
//! absolute ones) and each unit lands in exactly one shard. A page's
//! articles stay together, since a page is one unit; so does a file that
//! cannot be read at all, which its position 0 assigns to one shard, and
//! that shard alone counts the file.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// The `index`-th of `count` parts (0-based, as Slurm's array task ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// Why a `--shard` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("`{0}` is not I/N (e.g. 0/8: the first of eight parts)")]
    Syntax(String),
    #[error("shard {index}/{count}: the index counts from 0 and must be below {count}")]
    OutOfRange { index: u32, count: u32 },
}

impl Shard {
    pub fn new(index: u32, count: u32) -> Result<Shard, ShardError> {
        if count == 0 || index >= count {
            return Err(ShardError::OutOfRange { index, count });
        }
        Ok(Shard { index, count })
    }

    /// Whether the unit at `position` of `source` belongs to this shard.
    pub fn keeps(&self, source: &str, position: usize) -> bool {
        let mut key = Vec::with_capacity(source.len() + 9);
        key.extend_from_slice(source.as_bytes());
        key.push(0xFF);
        key.extend_from_slice(&(position as u64).to_le_bytes());
        xxh3_64(&key) % u64::from(self.count) == u64::from(self.index)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let syntax = || ShardError::Syntax(s.to_string());
        let (index, count) = s.split_once('/').ok_or_else(syntax)?;
        let index = index.trim().parse().map_err(|_| syntax())?;
        let count = count.trim().parse().map_err(|_| syntax())?;
        Shard::new(index, count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What makes two `assign` runs label alike: the 128-bit XXH3 of the model
/// file's bytes and of each named setting, as 32 hex digits. Shards whose
/// fingerprints differ were labelled differently and must not be merged.
pub fn fingerprint(model_json: &[u8], settings: &[(&str, &[u8])]) -> String {
    let mut bytes = model_json.to_vec();
    for (name, value) in settings {
        // Lengths first, so that no two different lists run together alike.
        for part in [name.as_bytes(), value] {
            bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
            bytes.extend_from_slice(part);
        }
    }
    format!("{:032x}", xxh3_128(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_lands_in_exactly_one_of_n_shards() {
        for count in [1, 3, 8] {
            let shards: Vec<Shard> = (0..count).map(|i| Shard::new(i, count).unwrap()).collect();
            let mut sizes = vec![0; count as usize];
            for line in 0..600 {
                let owners: Vec<usize> = (0..shards.len())
                    .filter(|&i| shards[i].keeps("corpus/a.jsonl", line))
                    .collect();
                assert_eq!(owners.len(), 1, "line {line} in shards {owners:?}");
                sizes[owners[0]] += 1;
            }
            // A hash that spreads: no part is far from 600 / count.
            let even = 600 / count as usize;
            assert!(sizes.iter().all(|&n| n > even * 2 / 3), "{sizes:?}");
        }
    }

    #[test]
    fn the_part_is_fixed_by_the_algorithm_not_the_process() {
        // XXH3-64 of "a.txt" 0xFF and eight zero bytes is 0x29ffd6e2ff506c32
        // (Python's xxhash gives the same), 2 modulo 4: a change of hash or
        // of the key's layout would move every article to another shard.
        let owners: Vec<u32> = (0..4)
            .filter(|&i| Shard::new(i, 4).unwrap().keeps("a.txt", 0))
            .collect();
        assert_eq!(owners, vec![2]);
        assert_eq!(xxh3_64(b""), 0x2d06_8005_38d3_94c2);
    }

    #[test]
    fn shard_values_are_checked() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        assert_eq!(
            "8/8".parse::<Shard>().unwrap_err().to_string(),
            "shard 8/8: the index counts from 0 and must be below 8"
        );
        assert!(matches!("3".parse::<Shard>(), Err(ShardError::Syntax(_))));
        assert!(matches!("a/2".parse::<Shard>(), Err(ShardError::Syntax(_))));
        assert!("0/0".parse::<Shard>().is_err());
    }

    #[test]
    fn the_fingerprint_changes_with_the_model_and_every_setting() {
        let base = fingerprint(b"{}", &[("period", b"month")]);
        assert_eq!(base.len(), 32);
        assert_eq!(base, fingerprint(b"{}", &[("period", b"month")]));
        assert_ne!(base, fingerprint(b"{ }", &[("period", b"month")]));
        assert_ne!(base, fingerprint(b"{}", &[("period", b"year")]));
        assert_ne!(
            fingerprint(b"", &[("a", b"bc")]),
            fingerprint(b"", &[("ab", b"c")])
        );
    }
}
