//! The distance and dot product k-means spends its time in, summed in
//! independent lanes the compiler can keep in flight at once.

use linfa_nn::distance::Distance;
use multiversion::multiversion;
use ndarray::{ArrayView, ArrayView1, Dimension};

/// Euclidean distance for linfa's k-means, summed in sixteen independent
/// lanes. linfa's own `L2Dist` adds one squared difference after another, a
/// chain the compiler may not reorder, so it runs at one term per add
/// latency, and k-means calls it for every article-centroid pair. The
/// lanes are summed in a fixed order, so results do not vary between runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneL2;

const LANES: usize = 16;

/// Σ term(a_i, b_i), in [`LANES`] lanes summed in a fixed order.
#[inline(always)]
fn lane_sum(a: &[f32], b: &[f32], term: impl Fn(f32, f32) -> f32) -> f32 {
    let (chunks_a, chunks_b) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(&x, &y)| term(x, y))
        .sum();
    let mut lanes = [0.0f32; LANES];
    for (ca, cb) in chunks_a.zip(chunks_b) {
        for l in 0..LANES {
            lanes[l] += term(ca[l], cb[l]);
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Σ (a_i - b_i)², built also for wider vector registers and chosen at
/// run time when the processor has them: the same operations lane by lane
/// either way (no fused multiply-add), so the same sums on any machine.
#[multiversion(targets("x86_64+avx2"))]
fn lane_squared_l2(a: &[f32], b: &[f32]) -> f32 {
    lane_sum(a, b, |x, y| (x - y) * (x - y))
}

/// Σ a_i · b_i, built like [`lane_squared_l2`].
#[multiversion(targets("x86_64+avx2"))]
fn lane_dot_slices(a: &[f32], b: &[f32]) -> f32 {
    lane_sum(a, b, |x, y| x * y)
}

/// x · y in lanes, like [`LaneL2`]'s distances.
pub(super) fn lane_dot(a: ArrayView1<f32>, b: ArrayView1<f32>) -> f32 {
    match (a.as_slice(), b.as_slice()) {
        (Some(a), Some(b)) if a.len() == b.len() => lane_dot_slices(a, b),
        _ => a.iter().zip(b).map(|(x, y)| x * y).sum(),
    }
}

impl Distance<f32> for LaneL2 {
    fn distance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: Dimension>(&self, a: ArrayView<f32, D>, b: ArrayView<f32, D>) -> f32 {
        match (a.as_slice(), b.as_slice()) {
            (Some(a), Some(b)) if a.len() == b.len() => lane_squared_l2(a, b),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    fn rdist_to_dist(&self, rdist: f32) -> f32 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f32) -> f32 {
        dist * dist
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn lane_distance_matches_the_plain_sum() {
        let a: Vec<f32> = (0..21).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..21).map(|i| (i as f32 * 0.11).cos()).collect();
        let plain: f32 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
        let lanes = LaneL2.rdistance(ArrayView1::from(&a), ArrayView1::from(&b));
        // Summed in another order: equal to single-precision rounding.
        assert!((lanes - plain).abs() < 1e-5 * plain, "{lanes} vs {plain}");
        // A strided view takes the plain path and agrees.
        let wide = Array2::from_shape_fn((21, 2), |(i, j)| if j == 0 { a[i] } else { b[i] });
        let strided = LaneL2.rdistance(wide.column(0), wide.column(1));
        assert!((strided - plain).abs() < 1e-12);
    }
}
