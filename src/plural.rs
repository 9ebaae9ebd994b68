//! Counts in English text with the noun in the right number ("1 line",
//! "2 lines"), for every message, table caption and chart note that prints
//! one. Depends on no stage.

/// `n` and `noun` as "1 file" or "3 files" (`noun` names one of them; the
/// plural adds an "s", or "ies" after a consonant's "y": city → cities).
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {}", noun_for(n, noun))
}

/// `noun` in the number that goes with `n`, for text that puts words
/// between the count and its noun.
pub fn noun_for(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_string();
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "line"), "1 line");
        assert_eq!(count(0, "line"), "0 lines");
        assert_eq!(count(2, "article"), "2 articles");
        assert_eq!(count(1, "city"), "1 city");
        assert_eq!(count(5, "city"), "5 cities");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(noun_for(3, "JSONL/CSV line"), "JSONL/CSV lines");
    }
}
