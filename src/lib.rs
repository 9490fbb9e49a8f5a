//! postbind: blog posts (front matter + HTML or Markdown body) to Markdown, EPUB 3 and PDF.
//!
//! The pipeline: [`read`] (bytes → text, front matter → [`meta::Metadata`]) → [`html`] (HTML →
//! [`tree::Document`]) → writers ([`markdown`], EPUB, PDF), all reading the one tree.

// No `unwrap`/`expect`, indexing or string slicing outside `cargo test`: a post must never
// be able to reach a panic, so fallible steps return errors and lookups use `get`. Test
// modules (`#[cfg(test)]`) may assert with them; the few indexes that cannot fail say why.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

pub mod assets;
pub mod book;
pub mod epub;
pub mod fetch_guard;
mod flat_yaml;
pub mod fonts;
pub mod format;
pub mod highlight;
pub mod html;
pub mod imagecheck;
pub mod isolate;
pub mod lang;
pub mod manifest;
pub mod markdown;
pub mod meta;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod read;
pub mod realpath;
pub mod site;
pub mod svg;
pub mod text;
pub mod tree;

pub use format::{render, render_book, Format, RenderError, RenderOptions, Rendered, Writer};
