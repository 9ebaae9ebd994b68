//! Dimension reduction: sparse TF-IDF rows in, short dense vectors out.
//!
//! Latent semantic analysis: a truncated SVD of the article × term matrix,
//! computed by randomised range finding (Halko, Martinsson & Tropp 2011) on
//! the sparse rows, so the matrix is never densified. Articles that share no
//! word but use related words end up close, and k-means gets a hundred
//! dense dimensions instead of tens of thousands of sparse ones.
//!
//! The fitted [`Lsa`] is part of the saved model: new articles are projected
//! with the same components.

use linfa_linalg::eigh::{EigSort, Eigh};
use multiversion::multiversion;
use ndarray::{Array1, Array2, Axis, s};
use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::vectorize::SparseRow;

/// Extra random directions beyond the rank wanted, and passes of X Xᵀ over
/// the random start. Two passes weight the directions by σ⁴ (the textbook
/// X Ω with one power iteration gives σ³, for one product fewer): starting
/// from the article side needs the extra pass to separate the leading
/// directions as well as the textbook scheme does, and the textbook scheme
/// needs a random matrix as large as the vocabulary.
const OVERSAMPLE: usize = 10;
const RANGE_PASSES: usize = 2;
/// Singular values below this fraction of the largest carry only noise: the
/// Gram matrix they come from is summed in single precision, whose rounding
/// reaches about 1e-6 of its largest eigenvalue, the square of this.
const RANK_TOLERANCE: f64 = 1e-3;

/// Fitted LSA projection: `components` is terms × dimensions, kept in
/// single precision (ample for text, and half the size of a saved model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lsa {
    #[serde(with = "packed_matrix")]
    pub components: Array2<f32>,
}

mod packed_matrix;

impl Lsa {
    /// Fits up to `dims` dimensions (fewer when the corpus has lower rank).
    pub fn fit(rows: &[SparseRow], n_terms: usize, dims: usize, seed: u64) -> Result<Lsa> {
        // The decomposition runs on the terms the rows use, renumbered: a
        // sample of a large corpus uses part of the vocabulary, and every
        // product below is paid per term-side row. An unused term's
        // component is zero either way.
        let (used, rows) = renumbered(rows, n_terms);
        let compact = Lsa::fit_used(&rows, used.len(), dims, seed)?;
        let mut components = Array2::zeros((n_terms, compact.dims()));
        for (row, &term) in compact.components.axis_iter(Axis(0)).zip(&used) {
            components.row_mut(term).assign(&row);
        }
        Ok(Lsa { components })
    }

    fn fit_used(rows: &[SparseRow], n_terms: usize, dims: usize, seed: u64) -> Result<Lsa> {
        let n = rows.len();
        let width = (dims + OVERSAMPLE).min(n).min(n_terms);
        if width == 0 {
            return Err(Error::Cluster("no terms to reduce".to_string()));
        }
        let columns = Columns::new(rows.len(), n_terms, |r| rows[r].iter());
        // The random start is on the article side (thousands of rows), not
        // the term side (tens of thousands): (X Xᵀ)ᵖ Ω spans the leading
        // directions of X, and no vocabulary-wide random matrix is drawn.
        // The sparse products run in single precision (the range needs
        // directions, not digits); the orthonormalisation, which loses
        // precision as the square of the condition number, in double.
        let mut rng = crate::sample::stream(seed);
        let mut range = Array2::from_shape_fn((n, width), |_| rng.gen_range(-1.0f32..1.0));
        for _ in 0..RANGE_PASSES {
            let back = columns.transpose_times(&range);
            range = orthonormal(times(rows, &back))?;
        }
        // B = Qᵀ X is small (width × terms); its right singular vectors are
        // those of X restricted to the found range. Kept as Bᵀ (terms ×
        // width), the layout the product gives.
        let bt = columns.transpose_times(&range);
        let gram = bt.t().dot(&bt).mapv(f64::from);
        let (values, vectors) = gram
            .eigh()
            .map_err(|e| Error::Cluster(format!("SVD failed: {e}")))?
            .sort_eig_desc();
        let largest = values.first().copied().unwrap_or(0.0).max(0.0).sqrt();
        let kept = values
            .iter()
            .take(dims)
            .take_while(|&&v| v > 0.0 && v.sqrt() > largest * RANK_TOLERANCE)
            .count();
        if kept == 0 {
            return Err(Error::Cluster(
                "the corpus has no variation to model".to_string(),
            ));
        }
        let scaled: Array2<f32> = Array2::from_shape_fn((vectors.nrows(), kept), |(i, j)| {
            (vectors[[i, j]] / values[j].sqrt()) as f32
        });
        Ok(Lsa {
            components: bt.dot(&scaled),
        })
    }

    pub fn dims(&self) -> usize {
        self.components.ncols()
    }

    /// Projects one row and scales it to unit length (zero stays zero).
    pub fn embed(&self, row: &SparseRow) -> Array1<f32> {
        self.project(1, |_| row.iter()).row(0).to_owned()
    }

    pub fn embed_all(&self, rows: &[SparseRow]) -> Array2<f32> {
        self.project(rows.len(), |r| rows[r].iter())
    }

    /// Projects `n` articles, article `a` given by its weighted terms
    /// `entries(a)` (in any order), into rows scaled to unit length (zero
    /// stays zero). Single precision, like the components: eight terms per
    /// vector instruction instead of four, half the memory for a large
    /// corpus's vectors, and ample for cosines.
    ///
    /// Blocks of articles are projected term by term, so a term's
    /// component is read once per block rather than once per article using
    /// it: a large vocabulary's components do not stay in cache, and read
    /// article by article most of the projection was spent waiting for
    /// them. Every article still adds up its terms in vocabulary order, so
    /// its projection does not depend on the block it is in or on the
    /// order of `entries`.
    pub fn project<I: Iterator<Item = (usize, f32)>>(
        &self,
        n: usize,
        entries: impl Fn(usize) -> I + Sync,
    ) -> Array2<f32> {
        let dims = self.dims();
        if dims == 0 {
            return Array2::zeros((n, 0));
        }
        let components = self.components.as_standard_layout();
        let components = components.as_slice().unwrap_or_default();
        let mut out = vec![0f32; n * dims];
        out.par_chunks_mut(PROJECT_BLOCK * dims)
            .enumerate()
            .for_each(|(b, rows)| {
                let first = b * PROJECT_BLOCK;
                let columns = Columns::new(rows.len() / dims, self.components.nrows(), |r| {
                    entries(first + r)
                });
                add_columns(rows, dims, &columns, components);
                for row in rows.chunks_exact_mut(dims) {
                    let norm = row
                        .iter()
                        .map(|&v| f64::from(v).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    if norm > 0.0 {
                        row.iter_mut()
                            .for_each(|v| *v = (f64::from(*v) / norm) as f32);
                    }
                }
            });
        Array2::from_shape_vec((n, dims), out).unwrap_or_else(|_| Array2::zeros((n, dims)))
    }
}

/// Articles [`Lsa::project`] projects together: their output rows (1.6 MB
/// at 100 dimensions) stay in cache while the components stream past.
const PROJECT_BLOCK: usize = 4096;

/// The terms `rows` use, ascending, and the rows with their terms
/// renumbered to positions in that list.
fn renumbered(rows: &[SparseRow], n_terms: usize) -> (Vec<usize>, Vec<SparseRow>) {
    let mut position = vec![u32::MAX; n_terms];
    for row in rows {
        for (t, _) in row.iter() {
            position[t] = 0;
        }
    }
    let mut used = Vec::new();
    for (t, p) in position.iter_mut().enumerate() {
        if *p == 0 {
            *p = used.len() as u32;
            used.push(t);
        }
    }
    let rows = rows
        .iter()
        .map(|row| SparseRow {
            indices: row.indices.iter().map(|&t| position[t as usize]).collect(),
            values: row.values.clone(),
        })
        .collect();
    (used, rows)
}

/// X · M for sparse X (rows) and dense M (terms × w). Rows are independent,
/// so the parallel product is the same whatever the thread count.
fn times(rows: &[SparseRow], m: &Array2<f32>) -> Array2<f32> {
    sparse_times(rows.len(), m, |r| (&rows[r].indices, &rows[r].values))
}

/// Row `r` of the output is the sum of `v ·` row `j` of `m` over the
/// entries `(j, v)` of sparse row `r`, given as its indices and values. On
/// plain slices: a call into ndarray per entry (`scaled_add`) costs more in
/// checks and views than the few multiply-adds it does.
fn sparse_times<'a>(
    n_rows: usize,
    m: &Array2<f32>,
    entries: impl Fn(usize) -> (&'a [u32], &'a [f32]) + Sync,
) -> Array2<f32> {
    let w = m.ncols();
    let m = m.as_standard_layout();
    let source = m.as_slice().unwrap_or_default();
    let mut out = vec![0.0; n_rows * w];
    if w > 0 {
        out.par_chunks_mut(w).enumerate().for_each(|(r, target)| {
            let (indices, values) = entries(r);
            add_rows(target, indices, values, source);
        });
    }
    Array2::from_shape_vec((n_rows, w), out).unwrap_or_else(|_| Array2::zeros((n_rows, w)))
}

// The two kernels below are built also for wider vector registers and
// chosen at run time, like the k-means distances (see `crate::cluster`):
// each element is the same multiply and add either way, so the results
// are too. They are whole loops, so the choice is made once per row or
// block, not once per entry.

/// `target += Σ v · source row j` over the pairs `(j, v)` of `indices` and
/// `values`; `source` has rows as long as `target`.
#[multiversion(targets("x86_64+avx2"))]
fn add_rows(target: &mut [f32], indices: &[u32], values: &[f32], source: &[f32]) {
    let w = target.len();
    for (&j, &v) in indices.iter().zip(values) {
        let j = j as usize;
        add_scaled(target, v, &source[j * w..(j + 1) * w]);
    }
}

/// Adds each term's component (`dims` long), scaled, to the rows of `rows`
/// that `columns` lists for the term.
#[multiversion(targets("x86_64+avx2"))]
fn add_columns(rows: &mut [f32], dims: usize, columns: &Columns, components: &[f32]) {
    for (t, component) in components.chunks_exact(dims).enumerate() {
        for e in columns.starts[t]..columns.starts[t + 1] {
            let row = columns.docs[e] as usize;
            add_scaled(
                &mut rows[row * dims..(row + 1) * dims],
                columns.values[e],
                component,
            );
        }
    }
}

/// `target += v · from`, element by element.
#[inline(always)]
fn add_scaled(target: &mut [f32], v: f32, from: &[f32]) {
    target.iter_mut().zip(from).for_each(|(o, x)| *o += v * x);
}

/// The article × term matrix by columns, so that Xᵀ · M is computed term by
/// term: each output row is written once and in parallel, where scattering
/// article rows into a vocabulary-wide output would write all over it and
/// need a lock or a copy per thread.
struct Columns {
    /// Entries of term t are `starts[t]..starts[t + 1]`.
    starts: Vec<usize>,
    docs: Vec<u32>,
    values: Vec<f32>,
}

impl Columns {
    /// The matrix of `n_rows` rows, row `r` given by its entries
    /// `entries(r)` (read twice: to count, then to place).
    fn new<I: Iterator<Item = (usize, f32)>>(
        n_rows: usize,
        n_terms: usize,
        entries: impl Fn(usize) -> I,
    ) -> Columns {
        let mut starts = vec![0usize; n_terms + 1];
        for r in 0..n_rows {
            for (t, _) in entries(r) {
                starts[t + 1] += 1;
            }
        }
        for t in 0..n_terms {
            starts[t + 1] += starts[t];
        }
        let mut next = starts.clone();
        let mut docs = vec![0u32; starts[n_terms]];
        let mut values = vec![0f32; starts[n_terms]];
        for r in 0..n_rows {
            for (t, v) in entries(r) {
                docs[next[t]] = r as u32;
                values[next[t]] = v;
                next[t] += 1;
            }
        }
        Columns {
            starts,
            docs,
            values,
        }
    }

    /// Xᵀ · M for dense M (articles × w): terms × w.
    fn transpose_times(&self, m: &Array2<f32>) -> Array2<f32> {
        sparse_times(self.starts.len() - 1, m, |t| {
            let entries = self.starts[t]..self.starts[t + 1];
            (&self.docs[entries.clone()], &self.values[entries])
        })
    }
}

/// An orthonormal basis of the column space of a tall `m` (rows × w, w
/// about a hundred). Householder QR walks the whole tall matrix once per
/// column; instead the small Gram matrix `mᵀm` (w × w) is diagonalised and
/// `m V Λ^-½` taken as the basis, twice, because one pass loses
/// orthogonality as the square of the condition number (the CholeskyQR2
/// argument; the eigendecomposition rather than Cholesky also drops the
/// directions a rank-deficient corpus lacks instead of failing on them).
/// Computed in double precision, returned in single for the sparse products.
fn orthonormal(m: Array2<f32>) -> Result<Array2<f32>> {
    let once = gram_orthonormal(m.mapv(f64::from))?;
    Ok(gram_orthonormal(once)?.mapv(|v| v as f32))
}

/// Eigenvalues of the Gram matrix below this fraction of the largest are
/// directions the columns do not span.
const GRAM_TOLERANCE: f64 = 1e-12;

fn gram_orthonormal(m: Array2<f64>) -> Result<Array2<f64>> {
    let gram = m.t().dot(&m);
    let (values, vectors) = gram
        .eigh()
        .map_err(|e| Error::Cluster(format!("orthonormalisation failed: {e}")))?
        .sort_eig_desc();
    let largest = values.first().copied().unwrap_or(0.0);
    let kept = values
        .iter()
        .take_while(|&&v| v > 0.0 && v > largest * GRAM_TOLERANCE)
        .count();
    if kept == 0 {
        return Err(Error::Cluster(
            "the corpus has no variation to model".to_string(),
        ));
    }
    let scale = values.slice(s![..kept]).mapv(|v| 1.0 / v.sqrt());
    Ok(m.dot(&(&vectors.slice(s![.., ..kept]) * &scale)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(u32, f32)]) -> SparseRow {
        SparseRow {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn articles_sharing_related_terms_land_together() {
        // Two topics over six terms; article 4 uses only one term of topic A.
        let rows = vec![
            row(&[(0, 0.6), (1, 0.6), (2, 0.5)]),
            row(&[(0, 0.5), (1, 0.7), (2, 0.5)]),
            row(&[(3, 0.6), (4, 0.6), (5, 0.5)]),
            row(&[(3, 0.7), (4, 0.5), (5, 0.5)]),
            row(&[(2, 1.0)]),
        ];
        let lsa = Lsa::fit(&rows, 6, 2, 7).unwrap();
        let e = lsa.embed_all(&rows);
        let cos = |a: usize, b: usize| e.row(a).dot(&e.row(b));
        assert!(cos(4, 0) > 0.9, "{}", cos(4, 0));
        assert!(cos(4, 2).abs() < 0.2, "{}", cos(4, 2));
        assert!((cos(0, 0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn projection_does_not_depend_on_block_or_entry_order() {
        // More articles than one block holds, so some sit past a block
        // boundary; each must match its projection on its own, bit for bit,
        // with its entries given in either order.
        let lsa = Lsa {
            components: Array2::from_shape_fn((7, 3), |(t, d)| ((t * 3 + d) as f32 * 0.7).sin()),
        };
        let n = PROJECT_BLOCK + 37;
        let entries = |a: usize| -> Vec<(usize, f32)> {
            (0..3)
                .map(|j| ((a + 2 * j) % 7, 1.0 + ((a * 5 + j) % 11) as f32))
                .collect()
        };
        let forward = lsa.project(n, |a| entries(a).into_iter());
        let backward = lsa.project(n, |a| entries(a).into_iter().rev());
        assert_eq!(forward, backward);
        for a in [0, PROJECT_BLOCK - 1, PROJECT_BLOCK, n - 1] {
            let alone = lsa.project(1, |_| entries(a).into_iter());
            assert_eq!(forward.row(a), alone.row(0), "article {a}");
            let norm: f32 = alone.iter().map(|v| v * v).sum();
            assert!((norm - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn same_seed_same_projection() {
        let rows = vec![
            row(&[(0, 1.0)]),
            row(&[(1, 0.8), (2, 0.6)]),
            row(&[(0, 0.6), (2, 0.8)]),
        ];
        assert_eq!(
            Lsa::fit(&rows, 3, 2, 1).unwrap(),
            Lsa::fit(&rows, 3, 2, 1).unwrap()
        );
    }

    #[test]
    fn gram_orthonormalisation_gives_an_orthonormal_basis_of_the_columns() {
        // Nearly parallel columns (condition number ~1e4) and a third that
        // is the sum of the first two: rank 2.
        let m: Array2<f32> = ndarray::array![
            [1.0, 1.0, 2.0],
            [0.0, 1e-4, 1e-4],
            [1.0, 1.0, 2.0],
            [2.0, 2.0001, 4.0001]
        ];
        let q = orthonormal(m.clone()).unwrap();
        assert_eq!(q.ncols(), 2);
        let qtq = q.t().dot(&q);
        for ((i, j), v) in qtq.indexed_iter() {
            let want = if i == j { 1.0 } else { 0.0 };
            assert!((v - want).abs() < 1e-6, "QᵀQ[{i},{j}] = {v}");
        }
        // Q spans m: projecting m onto Q gives m back, to single precision.
        let residual = &m - &q.dot(&q.t().dot(&m));
        assert!(residual.iter().all(|r| r.abs() < 1e-5), "{residual}");
    }

    #[test]
    fn a_rank_deficient_corpus_keeps_only_real_dimensions() {
        let rows = vec![row(&[(0, 1.0)]), row(&[(0, 1.0)]), row(&[(0, 1.0)])];
        assert_eq!(Lsa::fit(&rows, 2, 10, 1).unwrap().dims(), 1);
    }
}
