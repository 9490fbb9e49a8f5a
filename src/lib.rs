//! postbind: blog posts (front matter + HTML or Markdown body) to Markdown, EPUB 3 and PDF.

pub mod assets;
pub mod book;
pub mod epub;
pub mod fonts;
pub mod meta;
pub mod tree;
