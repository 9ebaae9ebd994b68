//! Word documents (`.docx`) as page text. A .docx is a zip archive whose
//! `word/document.xml` holds the body; its paragraphs (`w:p`) become lines,
//! the text runs (`w:t`) inside them are joined, tabs and line breaks kept,
//! so a policy document goes through the same page splitting as a page.
//! The archive is read with `zip` and the XML with `quick-xml`.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::{MAX_PAGE_BYTES, ReadError};

/// The part of the archive that holds the document's body.
const BODY: &str = "word/document.xml";

/// The text of a .docx file's body, one line per paragraph (table cells
/// are paragraphs too), blank paragraphs dropped.
pub fn docx_text(bytes: &[u8]) -> Result<String, ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::NotDocx(e.to_string()))?;
    let body = archive
        .by_name(BODY)
        .map_err(|e| ReadError::NotDocx(format!("{BODY}: {e}")))?;
    let mut xml = String::new();
    // A compressed body can unpack to far more than the file's size: read
    // no more than a page may be.
    body.take(MAX_PAGE_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|e| ReadError::NotDocx(format!("{BODY}: {e}")))?;
    if xml.len() as u64 > MAX_PAGE_BYTES {
        return Err(ReadError::TooLarge {
            size: xml.len() as u64,
        });
    }
    paragraphs(&xml).map_err(|e| ReadError::NotDocx(format!("{BODY}: {e}")))
}

/// The paragraphs of WordprocessingML, as lines.
fn paragraphs(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Inside a `w:t`: only its text is document text (whitespace between
    // elements is layout of the XML).
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let done = std::mem::take(&mut line);
                    if !done.trim().is_empty() {
                        lines.push(done);
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => line.push('\t'),
                "br" | "cr" => line.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => line.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => line.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref()? {
                Some(c) => line.push(c),
                None => line.push_str(resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal .docx holding `body` (the inside of `w:body`), as Word
    /// writes it: the parts a reader needs, deflated.
    pub fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
            ),
            (
                BODY,
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
                ),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_become_lines_and_runs_join() {
        // Word splits a sentence into runs wherever formatting or editing
        // changed; they must join without a gap.
        let bytes = docx(
            r#"<w:p><w:r><w:t>咸宁市人民政府关于</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>加快</w:t></w:r><w:r><w:t>推进项目建设的通知</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:t xml:space="preserve">　　各县、市、区人民政府 &amp; 市直各部门：</w:t></w:r><w:r><w:br/><w:t>现将有关事项通知如下。</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>146个</w:t></w:r><w:r><w:tab/><w:t>&#x32;&#x30;24年</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        assert_eq!(
            docx_text(&bytes).unwrap(),
            "咸宁市人民政府关于加快推进项目建设的通知\n\
             \u{3000}\u{3000}各县、市、区人民政府 & 市直各部门：\n现将有关事项通知如下。\n\
             项目\n146个\t2024年"
        );
    }

    #[test]
    fn a_file_that_is_not_a_word_document_says_so() {
        let err = docx_text(b"PK\x03\x04 not really").unwrap_err();
        assert!(
            err.to_string().starts_with("not a Word .docx file"),
            "{err}"
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let err = docx_text(&bytes).unwrap_err().to_string();
        assert!(err.contains("word/document.xml"), "{err}");
    }
}
