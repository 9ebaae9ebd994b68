//! Themes: what a cluster of articles is about, in words a reader can use.
//!
//! A theme is either *named* — it matched an entry of the user-editable
//! lexicon (`data/themes.toml`) strongly enough — or *unnamed*, labelled by the
//! terms that set its articles apart from the rest of the corpus.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::lexicon::ThemeLexicon;
use crate::vectorize::Vocabulary;

/// A term and how strongly it marks a theme (class-based TF-IDF weight).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermWeight {
    pub term: String,
    pub weight: f64,
}

/// A fitted theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Lexicon id (`new_energy`) or `theme_NN` for an unnamed theme.
    pub id: String,
    /// Chinese display name; for an unnamed theme its top terms joined by `·`.
    pub name: String,
    /// English display name; for an unnamed theme the same as `name`.
    pub name_en: String,
    /// Distinctive terms, strongest first.
    pub top_terms: Vec<TermWeight>,
}

/// Share of a cluster's distinctive weight (its top [`MATCH_TERMS`] terms by
/// c-TF-IDF) that must fall on a lexicon theme's seed terms for the cluster
/// to take the theme's name; below it the cluster keeps a label made of its
/// own distinctive terms. Set between the weakest right matches (a broad
/// cluster whose telling words belong to a theme) and the strongest wrong
/// ones (a cluster sharing a few words with a theme it is not about); a
/// corpus with no policy themes names nothing. The calibration is in
/// bench/RESULTS.md.
pub const NAME_THRESHOLD: f64 = 0.10;
/// How many of a cluster's most distinctive terms the lexicon match reads:
/// enough to see a theme in a broad cluster, few enough that the long tail
/// of common words does not dilute it.
pub const MATCH_TERMS: usize = 30;
/// How many distinctive terms a theme keeps.
pub const TOP_TERMS: usize = 10;
/// How many of them make an unnamed theme's label.
const LABEL_TERMS: usize = 3;

/// Dense, unit-length term vector of a lexicon theme's seed terms, each
/// weighted by its IDF; `None` when no seed term is in the vocabulary.
pub fn seed_term_vector(terms: &[String], vocabulary: &Vocabulary) -> Option<Vec<f64>> {
    let mut v = vec![0.0; vocabulary.len()];
    let mut any = false;
    for term in terms {
        if let Some(i) = vocabulary.index_of(term) {
            v[i] = vocabulary.idf[i] as f64;
            any = true;
        }
    }
    any.then(|| unit_vec(v))
}

fn unit_vec(mut v: Vec<f64>) -> Vec<f64> {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// Summed TF-IDF of each group's articles: groups × terms. `articles[i]`
/// is in group `groups[i]`, and `row` gives an article's TF-IDF weights
/// `(term, weight)`, in any order.
pub fn group_profiles<R: IntoIterator<Item = (usize, f32)>>(
    articles: &[usize],
    groups: &[usize],
    n_groups: usize,
    n_terms: usize,
    row: impl Fn(usize) -> R + Sync,
) -> Vec<Vec<f64>> {
    // Fixed-size chunks summed in chunk order: the same floating-point
    // sums whatever the number of threads. A wave of a chunk per thread at
    // a time bounds the partial sums held at once.
    let mut total = vec![vec![0.0; n_terms]; n_groups];
    let wave = PROFILE_CHUNK * rayon::current_num_threads().max(1);
    for (articles, groups) in articles.chunks(wave).zip(groups.chunks(wave)) {
        let partials: Vec<Vec<Vec<f64>>> = articles
            .par_chunks(PROFILE_CHUNK)
            .zip(groups.par_chunks(PROFILE_CHUNK))
            .map(|(articles, groups)| {
                let mut profiles = vec![vec![0.0; n_terms]; n_groups];
                for (&a, &g) in articles.iter().zip(groups) {
                    for (i, v) in row(a) {
                        profiles[g][i] += v as f64;
                    }
                }
                profiles
            })
            .collect();
        // Each group's sums in parallel, its partials added in chunk order.
        total.par_iter_mut().enumerate().for_each(|(g, acc)| {
            for partial in &partials {
                acc.iter_mut().zip(&partial[g]).for_each(|(a, v)| *a += v);
            }
        });
    }
    total
}

/// Articles per partial sum of [`group_profiles`]: small enough that a
/// corpus of some tens of thousands spreads evenly over the cores.
const PROFILE_CHUNK: usize = 4096;

/// The lexicon theme each cluster matches best, with the share of its
/// distinctive weight on the theme's seed terms, if that clears
/// [`NAME_THRESHOLD`]. `weights` are c-TF-IDF weights (clusters × terms,
/// see [`distinctive_weights`]): matching what sets a cluster apart, rather
/// than everything it contains, lets a large, broad cluster whose telling
/// words are 小麦 and 粮食 be recognised as rural. A share, unlike a cosine,
/// does not shrink as a theme lists more seed terms.
pub fn match_lexicon(
    weights: &[Vec<f64>],
    seed_vectors: &[Option<Vec<f64>>],
) -> Vec<Option<(usize, f64)>> {
    weights
        .iter()
        .map(|w| {
            let mut top: Vec<usize> = (0..w.len()).filter(|&t| w[t] > 0.0).collect();
            let order = |a: &usize, b: &usize| w[*b].total_cmp(&w[*a]).then(a.cmp(b));
            if MATCH_TERMS < top.len() {
                top.select_nth_unstable_by(MATCH_TERMS, order);
                top.truncate(MATCH_TERMS);
            }
            top.sort_by(order);
            let total: f64 = top.iter().map(|&t| w[t]).sum();
            if total <= 0.0 {
                return None;
            }
            seed_vectors
                .iter()
                .enumerate()
                .filter_map(|(theme, seeds)| {
                    let seeds = seeds.as_ref()?;
                    let on_seeds: f64 =
                        top.iter().filter(|&&t| seeds[t] > 0.0).map(|&t| w[t]).sum();
                    Some((theme, on_seeds / total))
                })
                .filter(|&(_, share)| share >= NAME_THRESHOLD)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        })
        .collect()
}

/// Class-based TF-IDF weights (Grootendorst's c-TF-IDF) of every term in
/// every group: the term's share of the group's weight times
/// `ln(1 + mean group weight / the term's weight across groups)`, so a term
/// frequent in the group and rare in the others weighs most. Groups × terms.
pub fn distinctive_weights(profiles: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n_terms = profiles.first().map_or(0, Vec::len);
    let totals: Vec<f64> = profiles.iter().map(|p| p.iter().sum()).collect();
    let mean_total = totals.iter().sum::<f64>() / profiles.len().max(1) as f64;
    let rarity: Vec<f64> = (0..n_terms)
        .map(|t| {
            let across: f64 = profiles.iter().map(|p| p[t]).sum();
            (1.0 + mean_total / across).ln()
        })
        .collect();
    profiles
        .iter()
        .zip(&totals)
        .map(|(profile, &total)| {
            profile
                .iter()
                .zip(&rarity)
                .map(|(&v, &rarity)| if v > 0.0 { v / total * rarity } else { 0.0 })
                .collect()
        })
        .collect()
}

/// The `n` most distinctive terms of each group (see
/// [`distinctive_weights`]), strongest first.
pub fn distinctive_terms(
    weights: &[Vec<f64>],
    vocabulary: &Vocabulary,
    n: usize,
) -> Vec<Vec<TermWeight>> {
    weights
        .iter()
        .map(|w| {
            let mut ranked: Vec<(usize, f64)> = w
                .iter()
                .enumerate()
                .filter(|&(_, &v)| v > 0.0)
                .map(|(t, &v)| (t, v))
                .collect();
            let order =
                |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            // Only the first `n` are kept: they are picked out before sorting.
            if n < ranked.len() {
                ranked.select_nth_unstable_by(n, order);
                ranked.truncate(n);
            }
            ranked.sort_by(order);
            ranked
                .into_iter()
                .map(|(t, weight)| TermWeight {
                    term: vocabulary.terms[t].clone(),
                    weight,
                })
                .collect()
        })
        .collect()
}

/// A label for an unnamed theme from its distinctive terms, skipping terms
/// already used by earlier labels so no two themes read the same.
pub fn unnamed_label(terms: &[TermWeight], used: &mut BTreeSet<String>) -> String {
    let fresh: Vec<&str> = terms
        .iter()
        .map(|t| t.term.as_str())
        .filter(|t| !used.contains(*t))
        .take(LABEL_TERMS)
        .collect();
    let picked: Vec<&str> = if fresh.is_empty() {
        terms
            .iter()
            .take(LABEL_TERMS)
            .map(|t| t.term.as_str())
            .collect()
    } else {
        fresh
    };
    used.extend(picked.iter().map(|t| t.to_string()));
    if picked.is_empty() {
        "(no terms)".to_string()
    } else {
        picked.join("·")
    }
}

/// Gives every cluster a theme: the lexicon theme it matches, or its own
/// label. Clusters matching the same lexicon theme share it.
pub fn name_themes(
    profiles: &[Vec<f64>],
    labels: &[usize],
    vocabulary: &Vocabulary,
    lexicon: &ThemeLexicon,
    seed_vectors: &[Option<Vec<f64>>],
) -> (Vec<usize>, Vec<Theme>) {
    let matched = match_lexicon(&distinctive_weights(profiles), seed_vectors);
    // Theme groups: one per matched lexicon theme, one per unmatched cluster,
    // in order of first appearance by cluster index.
    let mut group_of_cluster = Vec::with_capacity(profiles.len());
    let mut group_keys: Vec<Option<usize>> = Vec::new();
    for m in &matched {
        let key = m.map(|(t, _)| t);
        let group = match key.and_then(|t| group_keys.iter().position(|g| *g == Some(t))) {
            Some(g) => g,
            None => {
                group_keys.push(key);
                group_keys.len() - 1
            }
        };
        group_of_cluster.push(group);
    }
    let mut group_sums = vec![vec![0.0; vocabulary.len()]; group_keys.len()];
    for (c, profile) in profiles.iter().enumerate() {
        for (acc, v) in group_sums[group_of_cluster[c]].iter_mut().zip(profile) {
            *acc += v;
        }
    }
    let terms = distinctive_terms(&distinctive_weights(&group_sums), vocabulary, TOP_TERMS);
    let sizes: Vec<usize> = (0..group_keys.len())
        .map(|g| labels.iter().filter(|&&l| group_of_cluster[l] == g).count())
        .collect();
    // Label larger unnamed themes first so they get the clearest terms.
    let mut order: Vec<usize> = (0..group_keys.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut used = BTreeSet::new();
    let mut labels = BTreeSet::new();
    let mut themes: Vec<Option<Theme>> = vec![None; group_keys.len()];
    for g in order {
        themes[g] = Some(match group_keys[g] {
            Some(t) => {
                let lex = &lexicon.themes[t];
                Theme {
                    id: lex.id.clone(),
                    name: lex.name.clone(),
                    name_en: lex.name_en.clone(),
                    top_terms: terms[g].clone(),
                }
            }
            None => {
                let id = format!(
                    "theme_{:02}",
                    group_of_cluster.iter().position(|&x| x == g).unwrap_or(g)
                );
                let mut label = unnamed_label(&terms[g], &mut used);
                // A theme whose every term is taken would repeat a label;
                // its id keeps it apart.
                if !labels.insert(label.clone()) {
                    label = format!("{label} ({id})");
                }
                Theme {
                    id,
                    name: label.clone(),
                    name_en: label,
                    top_terms: terms[g].clone(),
                }
            }
        });
    }
    (group_of_cluster, themes.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectorize::{SparseRow, TfIdfSettings};

    fn vocab(terms: &[&str]) -> Vocabulary {
        Vocabulary::from_parts(
            TfIdfSettings::default(),
            terms.iter().map(|t| t.to_string()).collect(),
            vec![1.0; terms.len()],
        )
    }

    fn row(pairs: &[(u32, f32)]) -> SparseRow {
        SparseRow {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn clusters_take_a_lexicon_name_only_when_close_enough() {
        let v = vocab(&["储能", "光伏", "医保", "足球"]);
        let seeds = vec![
            seed_term_vector(&["储能".into(), "光伏".into(), "不在词表".into()], &v),
            seed_term_vector(&["医保".into()], &v),
            seed_term_vector(&["不在词表".into()], &v),
        ];
        assert!(seeds[2].is_none());
        let profiles = vec![
            vec![2.0, 1.0, 0.0, 0.0],
            vec![0.0, 0.0, 0.1, 3.0],
            vec![0.0, 0.0, 3.0, 0.0],
            vec![0.0, 0.0, 0.0, 1.0],
        ];
        let matched = match_lexicon(&distinctive_weights(&profiles), &seeds);
        assert_eq!(matched[0], Some((0, 1.0)));
        // 医保 is a small part of a football cluster and common elsewhere:
        // its share of the cluster's distinctive weight (about 0.03) is under
        // the threshold, so the cluster stays unnamed.
        assert_eq!(matched[1], None);
        assert_eq!(matched[2].map(|m| m.0), Some(1));
        assert_eq!(matched[3], None);
    }

    #[test]
    fn distinctive_terms_prefer_what_sets_a_group_apart() {
        let v = vocab(&["发展", "储能", "医保"]);
        let rows = [row(&[(0, 0.7), (1, 0.7)]), row(&[(0, 0.7), (2, 0.7)])];
        let profiles = group_profiles(&[0, 1], &[0, 1], 2, 3, |i| rows[i].iter());
        let terms = distinctive_terms(&distinctive_weights(&profiles), &v, 2);
        assert_eq!(terms[0][0].term, "储能");
        assert_eq!(terms[1][0].term, "医保");
        assert!(terms[0][0].weight > terms[0][1].weight);
    }

    #[test]
    fn unnamed_labels_do_not_repeat() {
        let tw = |t: &str| TermWeight {
            term: t.into(),
            weight: 1.0,
        };
        let mut used = BTreeSet::new();
        let a = unnamed_label(&[tw("足球"), tw("比赛"), tw("球员"), tw("联赛")], &mut used);
        let b = unnamed_label(
            &[tw("足球"), tw("比赛"), tw("球员"), tw("联赛"), tw("教练")],
            &mut used,
        );
        assert_eq!(a, "足球·比赛·球员");
        assert_eq!(b, "联赛·教练");
    }

    #[test]
    fn no_two_themes_share_a_label_even_when_their_terms_run_out() {
        let vocabulary =
            Vocabulary::from_parts(TfIdfSettings::default(), vec!["足球".into()], vec![1.0]);
        let profiles = vec![vec![1.0], vec![2.0]];
        let (_, themes) = name_themes(
            &profiles,
            &[0, 1],
            &vocabulary,
            &ThemeLexicon::default(),
            &[],
        );
        assert_eq!(themes[0].name, "足球");
        assert_eq!(themes[1].name, "足球 (theme_01)");
    }
}
