//! `report.xlsx` (under `--excel`): the report's tables as one workbook,
//! one sheet per table, written with `rust_xlsxwriter`. A CSV opened in
//! Excel has its cells guessed at (`2024-12` becomes a date, a division
//! code loses nothing but a `0001` id does); a workbook states each cell's
//! type, so periods, codes and names stay text and counts and shares are
//! numbers. The sheets are made from the same bytes as the CSV files, so
//! the two cannot disagree.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::error::{Error, Result};

pub const XLSX_FILE: &str = "report.xlsx";

/// Columns written as numbers; every other column is text.
const NUMERIC: &[&str] = &[
    "articles",
    "share",
    "share_low",
    "share_high",
    "city_period_articles",
    "city_articles",
    "order",
    "cities_by_then",
    "period_index",
    "at_risk",
    "adopted",
    "event_time",
    "first_index",
    "last_index",
    "left_censored",
    "position",
    "line",
    "k",
    "silhouette",
    "coherence",
    "diversity",
    "topic_quality",
    "silhouette_scaled",
    "topic_quality_scaled",
    "combined",
];

/// The workbook of `tables`, each a sheet name and the bytes of a plain
/// (not Excel-prepared) CSV file, in order.
pub fn workbook(tables: &[(&str, &[u8])]) -> Result<Vec<u8>> {
    build(tables).map_err(|e| Error::Output {
        path: XLSX_FILE.into(),
        message: e.to_string(),
    })
}

fn build(tables: &[(&str, &[u8])]) -> std::result::Result<Vec<u8>, BuildError> {
    let mut book = Workbook::new();
    // The creation time is fixed: the same run gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for &(name, csv) in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        let mut reader = csv::Reader::from_reader(csv);
        let header = reader.headers()?.clone();
        let numeric: Vec<bool> = header.iter().map(|h| NUMERIC.contains(&h)).collect();
        for (col, title) in (0u16..).zip(header.iter()) {
            sheet.write_string(0, col, title)?;
        }
        for (row, record) in (1u32..).zip(reader.records()) {
            for ((col, cell), &number) in (0u16..).zip(record?.iter()).zip(&numeric) {
                // An empty cell (no city code, no date) stays empty.
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(value) if number => sheet.write_number(row, col, value)?,
                    _ => sheet.write_string(row, col, cell)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

/// What can go wrong making the workbook: a table that does not parse
/// back, or the writer refusing a sheet.
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx};

    use super::*;

    #[test]
    fn periods_stay_text_and_counts_are_numbers() {
        let trends = "theme,city,period,articles,share,city_code\n\
                      ecology,咸宁,2024-12,3,0.300000,421200\n\
                      ecology,all,2024-Q4,10,1.000000,\n";
        let skipped = "source,position,reason\nnotes.md,0,not an input\n";
        let bytes = workbook(&[
            ("trends", trends.as_bytes()),
            ("skipped", skipped.as_bytes()),
        ])
        .unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["trends", "skipped"]);
        let sheet = book.worksheet_range("trends").unwrap();
        let row: Vec<&Data> = sheet.rows().nth(1).unwrap().iter().collect();
        assert_eq!(
            row,
            [
                &Data::String("ecology".into()),
                &Data::String("咸宁".into()),
                &Data::String("2024-12".into()),
                &Data::Float(3.0),
                &Data::Float(0.3),
                &Data::String("421200".into()),
            ]
        );
        assert_eq!(sheet.get((2, 2)), Some(&Data::String("2024-Q4".into())));
        assert_eq!(sheet.height(), 3);
        let skipped = book.worksheet_range("skipped").unwrap();
        assert_eq!(skipped.get((1, 1)), Some(&Data::Float(0.0)));
    }
}
