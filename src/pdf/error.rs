//! What can stop a PDF being written. Its own module, so that the parts that write the file
//! (`emit`, `objects`, `postprocess`, `structure`) depend on it and not on the writer above them.

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("a book needs at least one post")]
    NoDocuments,
    #[error("could not embed a font: {0}")]
    Font(String),
    #[error("could not write the PDF: {0}")]
    Write(String),
}
