//! The output formats and the one entry point that renders a document in any of them.

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

pub fn render(
    doc: &Document,
    format: Format,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    match format {
        Format::Markdown => Ok(Rendered {
            bytes: crate::markdown::write(doc).into_bytes(),
            warnings: Vec::new(),
        }),
        Format::Epub => Ok(crate::epub::write_epub(doc, &opts.epub)?),
        Format::Pdf => Ok(crate::pdf::write_pdf(doc, &opts.pdf)?),
    }
}

/// Many posts as one book, written to `out` as it is made: chapters are loaded, written and
/// dropped one at a time. Returns the writer's warnings.
pub fn write_book(
    posts: &crate::book::Posts<'_>,
    format: Format,
    book: &crate::book::BookOptions,
    opts: &RenderOptions,
    out: &mut dyn std::io::Write,
) -> Result<Vec<String>, RenderError> {
    match format {
        Format::Epub => Ok(crate::epub::write_book_to(posts, book, &opts.epub, out)?),
        Format::Pdf => Ok(crate::pdf::write_book_pdf_to(posts, book, &opts.pdf, out)?),
        Format::Markdown => Err(RenderError::NotABook),
    }
}

/// Many documents as one book, in memory.
pub fn render_book(
    docs: &[Document],
    format: Format,
    book: &crate::book::BookOptions,
    opts: &RenderOptions,
) -> Result<Rendered, RenderError> {
    match format {
        Format::Epub => Ok(crate::epub::write_book(docs, book, &opts.epub)?),
        Format::Pdf => Ok(crate::pdf::write_book_pdf(docs, book, &opts.pdf)?),
        Format::Markdown => Err(RenderError::NotABook),
    }
}
