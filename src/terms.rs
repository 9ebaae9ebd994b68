//! The corpus's terms as integer ids: what segmentation hands to the fit.
//!
//! Holding every article's terms as strings costs tens of bytes per token
//! (a `String` header plus its heap block), which for a million articles is
//! more memory than the text itself. Instead each distinct term is stored
//! once in a [`TermTable`] and an article keeps a [`TermBag`]: its distinct
//! term ids with their counts, six bytes per distinct term. The TF-IDF
//! weights of [`crate::vectorize`] need nothing more.
//!
//! Ids are handed out in order of first appearance as batches arrive, so
//! they depend on the order of the input and never on the number of
//! threads.

use compact_str::CompactString;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Every distinct term seen, numbered from 0. Looked up once per token of
/// the corpus, so the index hashes with Fx rather than the standard
/// library's SipHash: the keys are the corpus's own words, not input picked
/// to collide, and Fx is much cheaper on short keys. Keys of up to 24
/// bytes (eight Chinese characters, nearly every term) are stored inside
/// the map's own slots, so a lookup compares them without following a
/// pointer to another part of memory. The map is never iterated, so the
/// hash decides no order.
#[derive(Debug, Clone, Default)]
pub struct TermTable {
    index: FxHashMap<CompactString, u32>,
    terms: Vec<Box<str>>,
    /// How often each term occurred in an article's frame (see
    /// [`Tokens::push_framing`]).
    framing: Vec<u32>,
}

impl TermTable {
    /// A table whose first ids are `terms`, in order: a fitted vocabulary's
    /// terms keep their own indices, so articles read for an existing model
    /// need no translation.
    pub fn with_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> TermTable {
        let mut table = TermTable::default();
        for term in terms {
            table.intern(term);
        }
        table
    }

    pub fn get(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    pub fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(term.into());
        self.framing.push(0);
        self.index.insert(CompactString::from(term), id);
        id
    }

    /// How often term `id` occurred in an article's frame.
    pub fn framing(&self, id: u32) -> u32 {
        self.framing[id as usize]
    }

    pub fn term(&self, id: u32) -> &str {
        &self.terms[id as usize]
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Turns a batch of tokenised articles into bags: tokens the table knew
    /// were looked up in parallel while segmenting; the new ones get ids
    /// here, in article order, and the bags are then counted in parallel.
    pub fn admit(&mut self, mut batch: Vec<Tokens>) -> Vec<TermBag> {
        for tokens in &mut batch {
            let mut fresh = tokens.unseen.drain(..);
            for id in tokens.ids.iter_mut().filter(|id| **id == UNSEEN) {
                if let Some(term) = fresh.next() {
                    *id = self.intern(&term);
                }
            }
            for &at in &tokens.framing {
                self.framing[tokens.ids[at] as usize] += 1;
            }
        }
        batch
            .into_par_iter()
            .map(|tokens| TermBag::count(tokens.ids))
            .collect()
    }
}

/// Marks a token the table did not know while the batch was segmented.
const UNSEEN: u32 = u32::MAX;

/// One article's tokens as segmentation left them: ids of the terms the
/// table already knew, [`UNSEEN`] where it did not, and those terms in order.
#[derive(Debug, Default)]
pub struct Tokens {
    ids: Vec<u32>,
    unseen: Vec<String>,
    /// Positions in `ids` of the tokens in the article's frame.
    framing: Vec<usize>,
}

impl Tokens {
    /// Records one token, looked up in `table` (read-only, so many articles
    /// can be tokenised at once).
    pub fn push(&mut self, table: &TermTable, term: &str) {
        match table.get(term) {
            Some(id) => self.ids.push(id),
            None => {
                self.ids.push(UNSEEN);
                self.unseen.push(term.to_string());
            }
        }
    }

    /// Records a token of the article's frame: its title, or the opening or
    /// closing words of its body, where programme tags, agency formulas and
    /// sign-offs sit (`【央视快评】`, `本台消息`, `国内联播快讯`).
    pub fn push_framing(&mut self, table: &TermTable, term: &str) {
        self.framing.push(self.ids.len());
        self.push(table, term);
    }
}

/// An article's distinct terms (ids ascending) with how often each occurs.
/// Counts saturate at `u16::MAX`, far beyond any real article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermBag {
    ids: Box<[u32]>,
    counts: Box<[u16]>,
}

impl TermBag {
    pub fn count(mut ids: Vec<u32>) -> TermBag {
        ids.sort_unstable();
        let mut distinct = Vec::new();
        let mut counts: Vec<u16> = Vec::new();
        for id in ids {
            match (distinct.last(), counts.last_mut()) {
                (Some(&last), Some(n)) if last == id => *n = n.saturating_add(1),
                _ => {
                    distinct.push(id);
                    counts.push(1);
                }
            }
        }
        TermBag {
            ids: distinct.into(),
            counts: counts.into(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.ids
            .iter()
            .zip(self.counts.iter())
            .map(|(&id, &n)| (id, n as u32))
    }

    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Segmented articles: the term table and one bag per article, in order.
#[derive(Debug, Clone, Default)]
pub struct TermCorpus {
    pub table: TermTable,
    pub bags: Vec<TermBag>,
}

impl TermCorpus {
    /// From articles already cut into terms (tests, and callers that
    /// segment their own way).
    pub fn from_docs<S: AsRef<str>>(docs: &[Vec<S>]) -> TermCorpus {
        let mut table = TermTable::default();
        let bags = docs
            .iter()
            .map(|doc| TermBag::count(doc.iter().map(|t| table.intern(t.as_ref())).collect()))
            .collect();
        TermCorpus { table, bags }
    }

    pub fn len(&self) -> usize {
        self.bags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bags.is_empty()
    }

    /// The articles at `indices`, with the same table.
    pub fn select(&self, indices: &[usize]) -> TermCorpus {
        TermCorpus {
            table: self.table.clone(),
            bags: indices.iter().map(|&i| self.bags[i].clone()).collect(),
        }
    }

    /// How many articles use each term of the table, and how often it
    /// occurs in all of them. One pass on one thread: counts per thread
    /// would each be as long as the table, which for a large corpus holds
    /// millions of terms.
    pub fn term_counts(&self) -> TermCounts {
        let mut counts = TermCounts {
            articles: vec![0; self.table.len()],
            occurrences: vec![0; self.table.len()],
        };
        for bag in &self.bags {
            for (id, n) in bag.iter() {
                counts.articles[id as usize] += 1;
                counts.occurrences[id as usize] += u64::from(n);
            }
        }
        counts
    }
}

/// Per term of a table, indexed by id: see [`TermCorpus::term_counts`].
pub struct TermCounts {
    pub articles: Vec<usize>,
    pub occurrences: Vec<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(table: &TermTable, words: &[&str]) -> Tokens {
        let mut t = Tokens::default();
        for w in words {
            t.push(table, w);
        }
        t
    }

    #[test]
    fn bags_count_each_term_once_with_its_frequency() {
        let bag = TermBag::count(vec![7, 3, 7, 7, 1]);
        assert_eq!(bag.iter().collect::<Vec<_>>(), vec![(1, 1), (3, 1), (7, 3)]);
    }

    #[test]
    fn batches_intern_new_terms_in_article_order() {
        let mut table = TermTable::with_terms(["储能"]);
        let batch = vec![
            tokens(&table, &["光伏", "储能", "光伏"]),
            tokens(&table, &["医保", "光伏"]),
        ];
        let bags = table.admit(batch);
        assert_eq!(table.term(1), "光伏");
        assert_eq!(table.term(2), "医保");
        assert_eq!(bags[0].iter().collect::<Vec<_>>(), vec![(0, 1), (1, 2)]);
        assert_eq!(bags[1].iter().collect::<Vec<_>>(), vec![(1, 1), (2, 1)]);
        // A later batch finds them known.
        let later = tokens(&table, &["医保"]);
        assert!(later.unseen.is_empty());
    }

    #[test]
    fn counts_saturate_instead_of_wrapping() {
        let bag = TermBag::count(vec![5; 70_000]);
        assert_eq!(bag.iter().next(), Some((5, u16::MAX as u32)));
    }
}
