//! Every sample page, re-encoded on the fly in each encoding a scraped
//! collection uses, decodes back to the same text.

use std::path::PathBuf;

use encoding_rs::{BIG5, Encoding, GB18030, GBK};
use policy_themes::normalize::{PinyinGlossRemover, TextFilter};
use policy_themes::read::decode;

fn pages() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot hold the text", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn every_page_survives_every_chinese_encoding() {
    for (name, text) in pages() {
        let mut utf8_bom = vec![0xef, 0xbb, 0xbf];
        utf8_bom.extend_from_slice(text.as_bytes());
        for (label, bytes) in [
            ("UTF-8", text.as_bytes().to_vec()),
            ("UTF-8 with BOM", utf8_bom),
            ("UTF-16LE", utf16(&text, true)),
            ("UTF-16BE", utf16(&text, false)),
            ("GB18030", encode(GB18030, &text)),
        ] {
            assert_eq!(
                decode(&bytes).ok().as_deref(),
                Some(text.as_str()),
                "{name} in {label}"
            );
        }
        // GBK has no pinyin tone marks: the page as a GBK site would print it.
        let plain = PinyinGlossRemover.apply(&text).into_owned();
        assert_eq!(
            decode(&encode(GBK, &plain)).ok().as_deref(),
            Some(plain.as_str()),
            "{name} in GBK"
        );
    }
}

#[test]
fn the_traditional_page_survives_big5() {
    let (name, text) = pages()
        .into_iter()
        .find(|(_, t)| t.contains("日報訊"))
        .unwrap();
    // Big5 has no pinyin tone marks: the page as a Big5 site would print it.
    let traditional = PinyinGlossRemover.apply(&text).into_owned();
    let bytes = encode(BIG5, &traditional);
    assert_eq!(
        decode(&bytes).ok().as_deref(),
        Some(traditional.as_str()),
        "{name}"
    );
}

#[test]
fn a_file_in_no_chinese_encoding_is_refused_by_name_of_what_it_looks_like() {
    let latin = encode(
        encoding_rs::WINDOWS_1252,
        "Déclaration de café crème brûlée à la française",
    );
    let err = decode(&latin).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "cannot decode as UTF-8, UTF-16, GB18030 or Big5 (looks like windows-1252)"
        ),
        "{err}"
    );
}
