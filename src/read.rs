//! Reading a post: bytes → text → front matter + body → HTML.
//!
//! `read_post` is the pipeline's first stage. It never panics on input: undecodable bytes
//! become U+FFFD with a warning, and only front matter that cannot be understood is an error.

mod body;
mod cjk_emphasis;
pub mod decode;
mod front_matter;

use std::borrow::Cow;
use std::path::Path;

use crate::meta::Metadata;
use crate::site::Site;

pub use body::{is_markdown, render_markdown, render_markdown_with, MarkdownFlavor};
pub(crate) use cjk_emphasis::container_content;
pub use front_matter::{parse_config_text, ConfigFormat};

/// How to read the body after the front matter (`--body html|markdown`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyFormat {
    /// Markdown unless it starts with an HTML tag; see [`is_markdown`].
    #[default]
    Auto,
    Html,
    Markdown,
}

/// A post as read: its metadata and its body as HTML (borrowed from the file's bytes when they
/// were UTF-8 HTML already, as most are).
#[derive(Debug, Clone, PartialEq)]
pub struct Source<'a> {
    pub meta: Metadata,
    pub html: Cow<'a, str>,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// The YAML is malformed or is not a set of `key: value` lines. `line` is in the file.
    #[error("front matter, line {line}: {message}")]
    FrontMatter { line: usize, message: String },
    #[error("front matter starting at line {line} has no closing {fence}")]
    UnclosedFrontMatter { line: usize, fence: String },
    #[error("this is {0}, not the text of a post; not converted")]
    Binary(&'static str),
}

/// Reads a post file's bytes as a lone post.
pub fn read_post(bytes: &[u8], body: BodyFormat) -> Result<Source<'_>, ReadError> {
    read_site_post(bytes, body, None, None)
}

/// Reads a post file's bytes as `site`'s engine renders the post at `path`: its template tags
/// expanded and its line breaks kept or joined as the engine does.
pub fn read_site_post<'a>(
    bytes: &'a [u8],
    body: BodyFormat,
    site: Option<&Site>,
    path: Option<&Path>,
) -> Result<Source<'a>, ReadError> {
    if let Some(what) = decode::sniff_binary(bytes) {
        return Err(ReadError::Binary(what));
    }
    let decoded = decode::decode(bytes);
    let mut warnings: Vec<String> = decoded.warning().into_iter().collect();
    let text = decoded.text;

    let (block, body_start) = front_matter::split(&text)?;
    let meta = match &block {
        Some(block) => front_matter::parse(block, &mut warnings)?,
        None => Metadata::default(),
    };
    let body_text = text.get(body_start..).unwrap_or_default();
    let markdown = match body {
        BodyFormat::Auto => is_markdown(body_text),
        BodyFormat::Html => false,
        BodyFormat::Markdown => true,
    };
    let html = if markdown {
        let body_text = summary_divider_apart(body_text);
        let expanded = match (site, path) {
            (Some(site), Some(path)) => site.expand(&body_text, path, &mut warnings),
            _ => crate::site::tags::expand_containers(&body_text),
        };
        let flavor = MarkdownFlavor {
            breaks: site.is_none_or(Site::breaks),
        };
        Cow::Owned(render_markdown_with(&expanded, flavor))
    } else {
        into_tail(text, body_start)
    };
    Ok(Source {
        meta,
        html,
        warnings,
    })
}

/// The summary divider (`<!--more-->`) sharing a line with text: engines cut the post there
/// before rendering, but to a Markdown parser a line that opens with a comment is raw HTML, so
/// the `**bold**` after it would show its stars. The divider is put on a line of its own.
fn summary_divider_apart(body: &str) -> Cow<'_, str> {
    const DIVIDERS: [&str; 2] = ["<!--more-->", "<!-- more -->"];
    let shares_line = body.lines().any(|l| {
        DIVIDERS.iter().any(|d| {
            let t = l.trim();
            t.len() > d.len() && t.starts_with(d)
        })
    });
    if !shares_line {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 8);
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        match DIVIDERS
            .iter()
            .find(|d| t.len() > d.len() && t.starts_with(*d))
        {
            Some(d) => {
                out.push_str(d);
                out.push_str("\n\n");
                out.push_str(t.get(d.len()..).unwrap_or_default().trim_start());
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// The title in a post's front matter, if it has one (for links to other posts).
pub fn front_matter_title(text: &str) -> Option<String> {
    let (block, _) = front_matter::split(text).ok()?;
    front_matter::parse(&block?, &mut Vec::new()).ok()?.title
}

/// `text[start..]`: borrowed when `text` is, in place when it owns its bytes.
fn into_tail(text: Cow<'_, str>, start: usize) -> Cow<'_, str> {
    match text {
        Cow::Owned(mut s) if s.is_char_boundary(start) => {
            s.drain(..start);
            Cow::Owned(s)
        }
        Cow::Owned(s) => Cow::Owned(s.get(start..).unwrap_or_default().to_owned()),
        Cow::Borrowed(s) => Cow::Borrowed(s.get(start..).unwrap_or_default()),
    }
}

/// Position of `needle` in `haystack` at or after `from`, ignoring ASCII case.
/// `needle` must be lowercase ASCII.
pub(crate) fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let Some((&first, _)) = needle.split_first() else {
        return (from <= haystack.len()).then_some(from);
    };
    let hay = haystack.get(from..)?;
    let mut at = 0;
    // Scan for the first byte, then compare: needles here start with `<` or a letter that is rare.
    while let Some(skip) = hay
        .get(at..)?
        .iter()
        .position(|b| b.eq_ignore_ascii_case(&first))
    {
        at += skip;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(from + at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_divider_gets_its_own_line() {
        assert_eq!(
            summary_divider_apart("前文\n<!--more--> **粗体**\n"),
            "前文\n<!--more-->\n\n**粗体**\n"
        );
        assert!(matches!(
            summary_divider_apart("a\n<!-- more -->\nb\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tail_reuses_owned_text() {
        assert_eq!(into_tail(Cow::Owned("---\nbody".into()), 4), "body");
        assert_eq!(into_tail(Cow::Borrowed("---\nbody"), 4), "body");
        assert_eq!(into_tail(Cow::Borrowed("ab"), 9), "");
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find_ascii_ci(b"xx<META", 0, b"<meta"), Some(2));
        assert_eq!(find_ascii_ci(b"<meta", 1, b"<meta"), None);
        assert_eq!(find_ascii_ci(b"ab", 5, b"a"), None);
    }
}
