//! Parquet beside the CSV for large corpora (`--parquet`): `articles.parquet`
//! and `trends.parquet`, the same columns in the same order as
//! `articles.csv` and `trends.csv`, typed: counts and positions INT64,
//! scores DOUBLE at full precision, dates DATE (the first day of what is
//! known) with their precision in the next column, and a missing value
//! null rather than empty text. Strings with few distinct values (city,
//! theme, precision) are dictionary-encoded, the rest plain; every column
//! is zstd-compressed. Written with the `parquet` crate's column writer, no
//! Arrow: it keeps the build small (see bench/RESULTS.md).
//!
//! A shard's report writes its articles as `articles/part-NNNNN.parquet`
//! (NNNNN its index), so the `articles/` folders of all shards, or their
//! part files gathered in one folder, read as one dataset.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DataType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;

use super::csv::{ARTICLE_COLUMNS, ArticleRow, TrendLine, panel_rows, trend_rows};
use crate::article::PartialDate;
use crate::error::{Error, Result};
use crate::report::RunResult;

pub const ARTICLES_FILE: &str = "articles.parquet";
pub const TRENDS_FILE: &str = "trends.parquet";
pub const PANEL_FILE: &str = "panel.parquet";
pub const ADOPTION_FILE: &str = "adoption_panel.parquet";

/// A shard's articles, in the folder `articles/`.
pub fn articles_part_file(index: u32) -> String {
    format!("articles/part-{index:05}.parquet")
}

/// Articles per row group: a few tens of megabytes of column values held
/// at a time, and groups large enough to compress well.
const ROWS_PER_GROUP: usize = 65_536;

/// How a column is stored.
#[derive(Clone, Copy)]
enum Kind {
    /// UTF-8 text with many distinct values (ids, titles, evidence).
    Text,
    /// UTF-8 text with few distinct values, dictionary-encoded.
    Dictionary,
    Int64,
    /// Days since 1970-01-01.
    Date,
    Double,
}

/// One column's values for one row group; `None` is null.
enum Values {
    Text(Vec<Option<ByteArray>>),
    Int64(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
    Double(Vec<Option<f64>>),
}

/// A Parquet file being made, row group by row group.
struct Table {
    file: &'static str,
    writer: SerializedFileWriter<Vec<u8>>,
}

impl Table {
    fn new(file: &'static str, columns: &[(&str, Kind)]) -> Result<Table> {
        let fields: String = columns
            .iter()
            .map(|(name, kind)| match kind {
                Kind::Text | Kind::Dictionary => format!("OPTIONAL BYTE_ARRAY {name} (STRING); "),
                Kind::Int64 => format!("OPTIONAL INT64 {name}; "),
                Kind::Date => format!("OPTIONAL INT32 {name} (DATE); "),
                Kind::Double => format!("OPTIONAL DOUBLE {name}; "),
            })
            .collect();
        let error = |e: ParquetError| parquet_error(file, e);
        let schema = parse_message_type(&format!("message {} {{ {fields}}}", "policy_themes"))
            .map_err(error)?;
        let mut properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_dictionary_enabled(false);
        for (name, kind) in columns {
            if matches!(kind, Kind::Dictionary) {
                properties =
                    properties.set_column_dictionary_enabled(ColumnPath::from(*name), true);
            }
        }
        let writer =
            SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(properties.build()))
                .map_err(error)?;
        Ok(Table { file, writer })
    }

    /// Writes one row group, its columns in the schema's order.
    fn group(&mut self, columns: Vec<Values>) -> Result<()> {
        let file = self.file;
        let error = |e: ParquetError| parquet_error(file, e);
        let mut group = self.writer.next_row_group().map_err(error)?;
        for values in columns {
            let mut column = group
                .next_column()
                .map_err(error)?
                .ok_or_else(|| parquet_error(file, "more columns than the schema"))?;
            match values {
                Values::Text(v) => write_nullable::<ByteArrayType>(&mut column, v),
                Values::Int64(v) => write_nullable::<Int64Type>(&mut column, v),
                Values::Date(v) => write_nullable::<Int32Type>(&mut column, v),
                Values::Double(v) => write_nullable::<DoubleType>(&mut column, v),
            }
            .map_err(error)?;
            column.close().map_err(error)?;
        }
        group.close().map_err(error)?;
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>> {
        let file = self.file;
        self.writer.into_inner().map_err(|e| parquet_error(file, e))
    }
}

/// Definition levels (1 for a value, 0 for null) and the values present.
/// Writes one optional column: a definition level per row (1 for a value,
/// 0 for null) and the values that are there.
fn write_nullable<T: DataType>(
    column: &mut SerializedColumnWriter<'_>,
    values: Vec<Option<T::T>>,
) -> std::result::Result<usize, ParquetError> {
    let levels: Vec<i16> = values.iter().map(|v| i16::from(v.is_some())).collect();
    let values: Vec<T::T> = values.into_iter().flatten().collect();
    column
        .typed::<T>()
        .write_batch(&values, Some(&levels), None)
}

fn parquet_error(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Output {
        path: file.into(),
        message: e.to_string(),
    }
}

fn text(s: &str) -> Option<ByteArray> {
    Some(ByteArray::from(s))
}

fn count(n: usize) -> Option<i64> {
    i64::try_from(n).ok()
}

/// The first day of what is known of `date`, in days since 1970-01-01;
/// `None` when not even the year is known.
fn first_day(date: &PartialDate) -> Option<i32> {
    let day = NaiveDate::from_ymd_opt(date.year?, date.month.unwrap_or(1), date.day.unwrap_or(1))?;
    i32::try_from(day.signed_duration_since(NaiveDate::default()).num_days()).ok()
}

/// `articles.parquet` (or a shard's part): [`ARTICLE_COLUMNS`], with
/// `event_date_precision` after `event_date`.
pub fn articles_parquet(run: &RunResult) -> Result<Vec<u8>> {
    use Kind::*;
    let kinds = [
        Text, Text, Int64, Text, Dictionary, Dictionary, Date, Dictionary, Dictionary, Dictionary,
        Int64, Double, Int64, Double, Text, Text, Text, Dictionary, Double, Text, Text, Int64,
        Date,
    ];
    let mut columns: Vec<(&str, Kind)> = ARTICLE_COLUMNS.iter().copied().zip(kinds).collect();
    columns.push(("event_date_precision", Dictionary));
    let mut table = Table::new(ARTICLES_FILE, &columns)?;
    for group in run.articles.chunks(ROWS_PER_GROUP) {
        let rows: Vec<ArticleRow> = group.iter().map(|a| ArticleRow::of(run, a)).collect();
        let texts = |f: &dyn Fn(&ArticleRow) -> Option<ByteArray>| {
            Values::Text(rows.iter().map(f).collect())
        };
        let ints =
            |f: &dyn Fn(&ArticleRow) -> Option<i64>| Values::Int64(rows.iter().map(f).collect());
        let doubles =
            |f: &dyn Fn(&ArticleRow) -> Option<f64>| Values::Double(rows.iter().map(f).collect());
        let dates =
            |f: &dyn Fn(&ArticleRow) -> Option<i32>| Values::Date(rows.iter().map(f).collect());
        table.group(vec![
            texts(&|r| text(r.id)),
            texts(&|r| text(r.source)),
            ints(&|r| count(r.position)),
            texts(&|r| r.title.and_then(text)),
            texts(&|r| r.city.and_then(text)),
            texts(&|r| r.city_code.and_then(text)),
            dates(&|r| first_day(&r.date)),
            texts(&|r| text(r.date.precision().as_str())),
            texts(&|r| text(r.theme)),
            texts(&|r| text(r.theme_name)),
            ints(&|r| r.cluster.and_then(count)),
            doubles(&|r| Some(r.score)),
            ints(&|r| count(r.chars)),
            doubles(&|r| Some(r.city_confidence)),
            texts(&|r| text(r.city_evidence)),
            texts(&|r| text(r.date_evidence)),
            texts(&|r| text(r.lead)),
            texts(&|r| r.theme2.and_then(text)),
            doubles(&|r| r.score2),
            texts(&|r| {
                (!r.theme_scores.is_empty()).then(|| ByteArray::from(r.theme_scores.as_str()))
            }),
            texts(&|r| {
                (!r.other_reason.is_empty()).then(|| ByteArray::from(r.other_reason.as_str()))
            }),
            ints(&|r| r.truncated_from.and_then(count)),
            dates(&|r| r.event_date.as_ref().and_then(first_day)),
            texts(&|r| r.event_date.and_then(|d| text(d.precision().as_str()))),
        ])?;
    }
    table.finish()
}

/// `trends.parquet`: the rows and columns of `trends.csv`.
pub fn trends_parquet(run: &RunResult, codes: &BTreeMap<&str, &str>) -> Result<Vec<u8>> {
    use Kind::*;
    let columns = [
        ("theme", Dictionary),
        ("city", Dictionary),
        ("period", Dictionary),
        ("articles", Int64),
        ("share", Double),
        ("share_low", Double),
        ("share_high", Double),
        ("city_code", Dictionary),
    ];
    let rows: Vec<TrendLine> = trend_rows(&run.trends);
    let mut table = Table::new(TRENDS_FILE, &columns)?;
    table.group(vec![
        Values::Text(rows.iter().map(|r| text(r.theme)).collect()),
        Values::Text(rows.iter().map(|r| text(&r.city)).collect()),
        Values::Text(rows.iter().map(|r| text(&r.period)).collect()),
        Values::Int64(rows.iter().map(|r| count(r.articles)).collect()),
        Values::Double(rows.iter().map(|r| Some(r.share)).collect()),
        Values::Double(rows.iter().map(|r| Some(r.interval.0)).collect()),
        Values::Double(rows.iter().map(|r| Some(r.interval.1)).collect()),
        Values::Text(
            rows.iter()
                .map(|r| codes.get(r.city.as_str()).and_then(|c| text(c)))
                .collect(),
        ),
    ])?;
    table.finish()
}

/// `panel.parquet`: the rows and columns of `panel.csv`.
pub fn panel_parquet(run: &RunResult, codes: &BTreeMap<&str, &str>) -> Result<Vec<u8>> {
    use Kind::*;
    let columns = [
        ("theme", Dictionary),
        ("city", Dictionary),
        ("city_code", Dictionary),
        ("period", Dictionary),
        ("articles", Int64),
        ("city_period_articles", Int64),
        ("share", Double),
        ("share_low", Double),
        ("share_high", Double),
    ];
    let rows = panel_rows(&run.trends);
    let mut table = Table::new(PANEL_FILE, &columns)?;
    for group in rows.chunks(ROWS_PER_GROUP) {
        let intervals: Vec<(f64, f64)> = group.iter().map(|r| r.2.interval()).collect();
        table.group(vec![
            Values::Text(group.iter().map(|r| text(&r.2.theme)).collect()),
            Values::Text(group.iter().map(|r| text(&r.0)).collect()),
            Values::Text(
                group
                    .iter()
                    .map(|r| codes.get(r.0.as_str()).and_then(|c| text(c)))
                    .collect(),
            ),
            Values::Text(group.iter().map(|r| text(&r.1)).collect()),
            Values::Int64(group.iter().map(|r| count(r.2.articles)).collect()),
            Values::Int64(group.iter().map(|r| count(r.2.slice_articles)).collect()),
            Values::Double(group.iter().map(|r| Some(r.2.share)).collect()),
            Values::Double(intervals.iter().map(|i| Some(i.0)).collect()),
            Values::Double(intervals.iter().map(|i| Some(i.1)).collect()),
        ])?;
    }
    table.finish()
}

/// `adoption_panel.parquet`: the rows and columns of `adoption_panel.csv`.
pub fn adoption_panel_parquet(run: &RunResult, codes: &BTreeMap<&str, &str>) -> Result<Vec<u8>> {
    use Kind::*;
    let columns = [
        ("city", Dictionary),
        ("city_code", Dictionary),
        ("theme", Dictionary),
        ("period", Dictionary),
        ("period_index", Int64),
        ("at_risk", Int64),
        ("adopted", Int64),
        ("articles", Int64),
        ("city_articles", Int64),
    ];
    let mut table = Table::new(ADOPTION_FILE, &columns)?;
    for group in run.adoption.panel().chunks(ROWS_PER_GROUP) {
        table.group(vec![
            Values::Text(group.iter().map(|r| text(&r.city)).collect()),
            Values::Text(
                group
                    .iter()
                    .map(|r| codes.get(r.city.as_str()).and_then(|c| text(c)))
                    .collect(),
            ),
            Values::Text(group.iter().map(|r| text(&r.theme)).collect()),
            Values::Text(group.iter().map(|r| text(&r.period.to_string())).collect()),
            Values::Int64(group.iter().map(|r| Some(r.index)).collect()),
            Values::Int64(group.iter().map(|_| Some(1)).collect()),
            Values::Int64(group.iter().map(|r| Some(i64::from(r.adopted))).collect()),
            Values::Int64(group.iter().map(|r| count(r.articles)).collect()),
            Values::Int64(group.iter().map(|r| count(r.city_articles)).collect()),
        ])?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_stored_as_the_first_day_of_what_is_known() {
        let date = |year, month, day| PartialDate { year, month, day };
        assert_eq!(first_day(&date(Some(1970), Some(1), Some(2))), Some(1));
        assert_eq!(first_day(&date(Some(2024), Some(12), None)), Some(20058));
        assert_eq!(first_day(&date(Some(2024), None, None)), Some(19723));
        assert_eq!(first_day(&PartialDate::UNKNOWN), None);
    }
}
