//! The output formats, the trait every writer implements, and the entry points that render a
//! document or bind a book in any of them.

use std::io::Write;

use crate::book::{BookOptions, Posts};
use crate::tree::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Epub,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Epub, Format::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name asks for by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Markdown => "Markdown",
            Format::Epub => "EPUB",
            Format::Pdf => "PDF",
        })
    }
}

/// A finished output and what its writer noticed on the way.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("a book is an EPUB or a PDF, not Markdown")]
    NotABook,
    #[error(transparent)]
    Epub(#[from] crate::epub::EpubError),
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
}

/// Options of every writer, set once per run.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub epub: crate::epub::EpubOptions,
    pub pdf: crate::pdf::PdfOptions,
}

/// What every writer does. A writer is its options, set once per run; [`RenderOptions::writer`]
/// picks the one a format names, so callers never name a writer, and a new format is a module
/// implementing this plus a line there, without touching the others.
pub trait Writer {
    /// One post.
    fn render(&self, doc: &Document) -> Result<Rendered, RenderError>;

    /// Many posts as one book, written to `out` as it is made (each chapter loaded, written and
    /// dropped in turn); returns the writer's warnings. A format that binds no books keeps
    /// this.
    fn write_book(
        &self,
        _posts: &Posts<'_>,
        _book: &BookOptions,
        _out: &mut dyn Write,
    ) -> Result<Vec<String>, RenderError> {
        Err(RenderError::NotABook)
    }
}

impl RenderOptions {
    /// The writer of `format`, configured by these options.
    pub fn writer(&self, format: Format) -> &dyn Writer {
        match format {
            Format::Markdown => &crate::markdown::Markdown,
            Format::Epub => &self.epub,
            Format::Pdf => &self.pdf,
        }
    }
}

pub fn render(
    doc: &Document,
    format: Format,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    opts.writer(format).render(doc)
}

/// Many posts as one book, written to `out` as it is made. Returns the writer's warnings.
pub fn write_book(
    posts: &Posts<'_>,
    format: Format,
    book: &BookOptions,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> Result<Vec<String>, RenderError> {
    opts.writer(format).write_book(posts, book, out)
}

/// Many documents as one book, in memory.
pub fn render_book(
    docs: &[Document],
    format: Format,
    book: &BookOptions,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    let mut bytes = Vec::new();
    let warnings = opts
        .writer(format)
        .write_book(&Posts::whole(docs), book, &mut bytes)?;
    Ok(Rendered { bytes, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Block, Inline};

    #[test]
    fn every_format_is_written_through_its_writer() {
        let doc = Document {
            blocks: vec![Block::Paragraph(vec![Inline::Text("正文 text".into())])],
            ..Document::default()
        };
        let opts = RenderOptions::default();
        let book = BookOptions::default();
        for (format, magic) in [
            (Format::Markdown, &b"\xe6\xad\xa3"[..]),
            (Format::Epub, b"PK"),
            (Format::Pdf, b"%PDF"),
        ] {
            let one = render(&doc, format, &opts).unwrap();
            assert!(one.bytes.starts_with(magic), "{format}");
            let bound = render_book(std::slice::from_ref(&doc), format, &book, &opts);
            match format {
                Format::Markdown => assert!(matches!(bound, Err(RenderError::NotABook))),
                _ => assert!(bound.unwrap().bytes.starts_with(magic), "{format} book"),
            }
        }
    }
}
