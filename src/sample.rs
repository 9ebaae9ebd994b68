//! Seeded samples. Every stage that works on part of a corpus (the fit
//! sample, the LSA and restart samples, `--k auto`, the silhouette) draws it
//! here, the same way, so a seed fixes which articles.

use rand::SeedableRng;
use rand::seq::index::sample;
use rand_xoshiro::Xoshiro256Plus;

/// The random stream a seeded step draws from. Each step starts its own
/// stream from the run's seed, so what one step draws does not depend on
/// which steps ran before it (`--k auto`, `--fit-sample`).
pub fn stream(seed: u64) -> Xoshiro256Plus {
    Xoshiro256Plus::seed_from_u64(seed)
}

/// `n` distinct indices below `len`, drawn from `rng`, in ascending order;
/// all of `0..len`, drawing nothing, when there are no more than `n`.
pub fn sorted_sample(rng: &mut Xoshiro256Plus, len: usize, n: usize) -> Vec<usize> {
    if len <= n {
        return (0..len).collect();
    }
    let mut picked = sample(rng, len, n).into_vec();
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_distinct_ascending_and_fixed_by_the_seed() {
        let draw = |seed| sorted_sample(&mut stream(seed), 1000, 50);
        let a = draw(7);
        assert_eq!(a.len(), 50);
        assert!(a.windows(2).all(|w| w[0] < w[1]) && a[49] < 1000);
        assert_eq!(a, draw(7));
        assert_ne!(a, draw(8));
        assert_eq!(sorted_sample(&mut stream(7), 3, 50), vec![0, 1, 2]);
    }
}
