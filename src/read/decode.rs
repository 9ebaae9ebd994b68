//! Bytes to text: the encodings Chinese pages come in, detected per file.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{BIG5, Encoding, GBK, UTF_8};

use super::ReadError;

/// Decodes a file's bytes as Chinese text, or says why it cannot.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ReadError::InvalidAfterBom {
                encoding: encoding.name(),
            });
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Allow);
    // GB18030 is reported as GBK, whose decoder handles all of GB18030.
    if guess != GBK && guess != BIG5 && guess != UTF_8 {
        return Err(ReadError::UnknownEncoding {
            guess: guess.name(),
        });
    }
    let (text, _, had_errors) = guess.decode(bytes);
    if had_errors {
        return Err(ReadError::InvalidBytes {
            encoding: guess.name(),
        });
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "咸宁四季度集中开工项目146个\n本报讯 我市举行集中开工活动。";

    #[test]
    fn decodes_every_supported_encoding() {
        let (gbk, _, _) = GBK.encode(PAGE);
        assert_eq!(decode(&gbk).unwrap(), PAGE);
        let traditional = "淮安日報訊:市委書記現場督辦政協重點提案,推動經濟社會高質量發展。";
        let (big5, _, _) = BIG5.encode(traditional);
        assert_eq!(decode(&big5).unwrap(), traditional);
        let mut utf8_bom = vec![0xef, 0xbb, 0xbf];
        utf8_bom.extend_from_slice(PAGE.as_bytes());
        assert_eq!(decode(&utf8_bom).unwrap(), PAGE);
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(PAGE.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).unwrap(), PAGE);
    }

    #[test]
    fn binary_and_foreign_bytes_are_refused_with_a_reason() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(matches!(err, ReadError::Binary), "{err:?}");
        assert_eq!(err.to_string(), "binary file (contains NUL bytes)");
        assert!(matches!(decode(b"\0"), Err(ReadError::Binary)));
    }
}
