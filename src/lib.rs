//! postbind: blog posts (front matter + HTML or Markdown body) to Markdown, EPUB 3 and PDF.

pub mod html;
pub mod meta;
pub mod text;
pub mod tree;
pub mod markdown;
