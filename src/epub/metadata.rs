//! What the package says about the book: title, language, author, subjects, identifier, dates
//! and accessibility.

use crate::book::BookOptions;
use crate::meta::PostDate;
use crate::tree::{block_text, Block, Document};

use super::xhtml::{clean, push_text};
use crate::lang::{self, Labels};

pub(super) fn doc_text(doc: &Document) -> String {
    let mut s = doc.meta.title.clone().unwrap_or_default();
    s.push('\n');
    block_text(&doc.blocks, &mut s);
    s
}

pub(super) fn doc_title(doc: &Document, labels: &Labels) -> String {
    let from_meta = doc
        .meta
        .title
        .as_deref()
        .map(clean)
        .filter(|t| !t.is_empty());
    from_meta
        .or_else(|| {
            doc.blocks.iter().find_map(|b| match b {
                Block::Heading { content, .. } => {
                    let mut s = String::new();
                    crate::tree::inline_text(content, &mut s);
                    Some(clean(&s)).filter(|t| !t.is_empty())
                }
                _ => None,
            })
        })
        .unwrap_or_else(|| labels.untitled.to_string())
}

/// The book's language: the option, else the one most of its posts are in.
pub(super) fn book_lang(docs: &[Document], book: Option<&BookOptions>) -> String {
    lang::of_book(docs, book.and_then(|b| b.lang.as_deref()))
}

pub(super) fn book_author(docs: &[Document], book: &BookOptions) -> Option<String> {
    if let Some(a) = book.author.as_deref().map(clean).filter(|a| !a.is_empty()) {
        return Some(a);
    }
    let first = docs.first()?.meta.author.as_deref()?;
    docs.iter()
        .all(|d| d.meta.author.as_deref() == Some(first))
        .then(|| clean(first))
}

pub(super) fn subjects(docs: &[Document]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in docs {
        for s in d.meta.categories.iter().chain(&d.meta.tags) {
            let s = clean(s);
            if !s.is_empty() && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// A name derived from everything the reader sees, so the same input keeps its identity.
/// The book's `dc:identifier`: from its posts' identities when they all have one (a post's own
/// UUID as it is), so a corrected post keeps its place in a reader's library; else from the
/// content.
pub(super) fn identifier(
    docs: &[Document],
    title: &str,
    lang: &str,
    texts: &[String],
    vertical: bool,
) -> uuid::Uuid {
    let ids: Option<Vec<&str>> = docs.iter().map(|d| d.identity.as_deref()).collect();
    if let Some(ids) = ids.filter(|ids| !ids.is_empty()) {
        if let [one] = ids.as_slice() {
            let own = one.rsplit_once("uuid:").map(|(_, u)| u.trim());
            if let Some(u) = own.and_then(|u| uuid::Uuid::parse_str(u).ok()) {
                return u;
            }
        }
        let mut key = format!(
            "postbind-id\n{}\n{vertical}\n",
            if ids.len() > 1 { title } else { "" }
        );
        for id in ids {
            key.push_str(id);
            key.push('\u{1E}');
        }
        return uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes());
    }
    let mut key = format!("postbind\n{title}\n{lang}\n{vertical}\n");
    for t in texts {
        key.push_str(t);
        key.push('\u{1E}');
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
}

pub(super) fn utc(d: &PostDate) -> chrono::DateTime<chrono::Utc> {
    match d {
        PostDate::Offset(dt, off) => {
            (*dt - chrono::TimeDelta::seconds(i64::from(off.local_minus_utc()))).and_utc()
        }
        other => other.naive().and_utc(),
    }
}

/// `dcterms:modified`: the newest date among the posts, so output does not depend on the clock.
pub(super) fn modified(docs: &[Document]) -> chrono::DateTime<chrono::Utc> {
    docs.iter()
        .filter_map(|d| d.meta.updated.as_ref().or(d.meta.date.as_ref()))
        .map(utc)
        .max()
        .unwrap_or(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH)
}

/// `dc:date` in a form epubcheck accepts: a bare date, or date and time with their offset.
pub(super) fn dc_date(d: &PostDate) -> String {
    match d {
        PostDate::Offset(..) => d.to_iso8601(),
        other => other.naive().format("%Y-%m-%d").to_string(),
    }
}

pub(super) fn extra_metadata(
    docs: &[Document],
    is_book: bool,
    has_images: bool,
    all_alt: bool,
    vertical: bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    let date = if is_book {
        docs.iter().filter_map(|d| d.meta.date).max_by_key(utc)
    } else {
        docs.first().and_then(|d| d.meta.date)
    };
    if let Some(d) = date {
        let mut s = String::from("<dc:date>");
        push_text(&mut s, &dc_date(&d));
        s.push_str("</dc:date>");
        lines.push(s);
    }
    let meta = |p: &str, v: &str| format!("<meta property=\"schema:{p}\">{v}</meta>");
    lines.push(meta("accessMode", "textual"));
    if has_images {
        lines.push(meta("accessMode", "visual"));
    }
    lines.push(meta(
        "accessModeSufficient",
        if has_images && !all_alt {
            "textual,visual"
        } else {
            "textual"
        },
    ));
    for f in ["structuralNavigation", "tableOfContents", "readingOrder"] {
        lines.push(meta("accessibilityFeature", f));
    }
    if has_images && all_alt {
        lines.push(meta("accessibilityFeature", "alternativeText"));
    }
    lines.push(meta("accessibilityHazard", "none"));
    let summary = if has_images {
        "Reflowable text with headings, a table of contents and a logical reading order. \
         Images carry the text alternatives the original post gave them."
    } else {
        "Reflowable text with headings, a table of contents and a logical reading order."
    };
    lines.push(meta("accessibilitySummary", summary));
    if vertical {
        lines.push("<meta name=\"primary-writing-mode\" content=\"vertical-rl\"/>".to_string());
    }
    lines
}
