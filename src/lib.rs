//! postbind: blog posts (front matter + HTML or Markdown body) to Markdown, EPUB 3 and PDF.

pub mod meta;
pub mod pdf;
pub mod tree;
