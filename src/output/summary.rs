//! The theme summary printed on stdout: one aligned row per theme, with CJK
//! text measured by display width so columns line up in a terminal.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::pipeline::RunResult;

/// Terms shown per theme in the terminal (the CSV has them all).
const SUMMARY_TERMS: usize = 6;

pub fn summary_table(run: &RunResult) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "theme",
            "name",
            "articles",
            "share",
            "top terms",
            "leading cities",
        ]);
    for s in &run.themes {
        let terms: Vec<&str> = s
            .theme
            .top_terms
            .iter()
            .take(SUMMARY_TERMS)
            .map(|t| t.term.as_str())
            .collect();
        let cities: Vec<String> = s
            .leading_cities
            .iter()
            .map(|(c, share)| format!("{c} {:.0}%", share * 100.0))
            .collect();
        table.add_row(vec![
            s.theme.id.clone(),
            s.theme.name.clone(),
            s.articles.to_string(),
            format!("{:.1}%", s.share * 100.0),
            terms.join(" "),
            cities.join(", "),
        ]);
    }
    for col in [2, 3] {
        if let Some(c) = table.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    format!("{table}\n")
}
