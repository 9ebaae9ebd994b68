//! The components in a saved model: millions of numbers, too many to write
//! and read as decimal JSON text. Stored as the base64 of their
//! little-endian bytes, with the shape beside them: exact, and far smaller.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ndarray::Array2;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The saved shape: written with the values as [`Base64Values`], read
/// back with them as a `String`.
#[derive(Serialize, Deserialize)]
struct Packed<T> {
    rows: usize,
    cols: usize,
    /// f32 values, row by row, little-endian, base64.
    f32_le: T,
}

pub fn serialize<S: Serializer>(m: &Array2<f32>, s: S) -> Result<S::Ok, S::Error> {
    Packed {
        rows: m.nrows(),
        cols: m.ncols(),
        f32_le: Base64Values(m),
    }
    .serialize(s)
}

/// Values per piece of base64: 3,072 bytes, a multiple of three, so
/// every piece but the last ends without padding and the pieces join
/// into the base64 of the whole.
const PIECE: usize = 768;

/// The values' base64, made a piece at a time as the JSON is written.
/// Made whole, the bytes, their base64 and the JSON text were three
/// fresh copies of the matrix (tens of megabytes for a large
/// vocabulary), and making `model.json` was most of writing a report.
struct Base64Values<'a>(&'a Array2<f32>);

impl fmt::Display for Base64Values<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values = self.0.as_standard_layout();
        let mut bytes = Vec::with_capacity(PIECE * 4);
        let mut text = String::new();
        for piece in values.as_slice().unwrap_or_default().chunks(PIECE) {
            bytes.clear();
            bytes.extend(piece.iter().flat_map(|v| v.to_le_bytes()));
            text.clear();
            STANDARD.encode_string(&bytes, &mut text);
            f.write_str(&text)?;
        }
        Ok(())
    }
}

impl Serialize for Base64Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Array2<f32>, D::Error> {
    let packed = Packed::<String>::deserialize(d)?;
    let bytes = STANDARD.decode(&packed.f32_le).map_err(D::Error::custom)?;
    let values: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Array2::from_shape_vec((packed.rows, packed.cols), values).map_err(|_| {
        D::Error::custom(format!(
            "components: {} values do not make {} × {}",
            bytes.len() / 4,
            packed.rows,
            packed.cols
        ))
    })
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use crate::reduce::Lsa;

    #[test]
    fn saved_components_are_one_base64_text_and_load_back_exactly() {
        use base64::Engine;
        // 2,100 values: two whole pieces and part of a third.
        let lsa = Lsa {
            components: Array2::from_shape_fn((7, 300), |(t, d)| ((t * 300 + d) as f32).sin()),
        };
        let json = serde_json::to_string(&lsa).unwrap();
        let bytes: Vec<u8> = lsa
            .components
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let whole = base64::engine::general_purpose::STANDARD.encode(bytes);
        assert!(json.contains(&format!("\"f32_le\":\"{whole}\"")));
        assert_eq!(serde_json::from_str::<Lsa>(&json).unwrap(), lsa);
    }
}
