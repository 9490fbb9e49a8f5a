//! The XHTML pages: cover, title page, contents, parts and chapters, each with its navigation
//! entry.

use std::collections::HashMap;

use epub_builder::{ReferenceType, TocElement};

use crate::assets::MediaType;
use crate::book::Group;
use crate::tree::{Block, Document};

use super::glyphs::{Glyphs, Style};
use super::xhtml::{clean, push_attr, push_text, ImageRef, Writer};
use crate::lang::{self, Labels};

/// One XHTML file of the book, before packaging.
pub(super) struct Page {
    pub href: String,
    pub xhtml: String,
    pub toc: TocElement,
    pub reftype: Option<ReferenceType>,
}

pub(super) fn cover_href(media: MediaType) -> String {
    format!("images/cover.{}", media.extension())
}

/// The start of every XHTML page.
pub(super) fn page_start(title: &str, lang: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"",
    );
    push_attr(&mut s, lang);
    s.push_str("\" lang=\"");
    push_attr(&mut s, lang);
    s.push_str("\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
    push_text(&mut s, title);
    s.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n",
    );
    s
}

pub(super) const PAGE_END: &str = "</body>\n</html>\n";

pub(super) fn cover_page(title: &str, media: &MediaType, lang: &str, labels: &Labels) -> Page {
    let mut x = page_start(labels.cover, lang);
    x.push_str(
        "<body>\n<section epub:type=\"cover\" class=\"cover\">\n<img role=\"doc-cover\" src=\"",
    );
    push_attr(&mut x, &cover_href(*media));
    x.push_str("\" alt=\"");
    push_attr(&mut x, title);
    x.push_str("\"/>\n</section>\n");
    x.push_str(PAGE_END);
    Page {
        href: "cover.xhtml".into(),
        xhtml: x,
        toc: TocElement::new("cover.xhtml", labels.cover),
        reftype: Some(ReferenceType::Cover),
    }
}

pub(super) fn title_page(
    title: &str,
    author: Option<&str>,
    lang: &str,
    labels: &Labels,
    glyphs: &mut Glyphs<'_>,
) -> Page {
    let mut x = page_start(title, lang);
    x.push_str(
        "<body>\n<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"title\">",
    );
    push_text(&mut x, title);
    glyphs.note(title, Style::default().bold());
    x.push_str("</h1>\n");
    if let Some(a) = author {
        x.push_str("<p class=\"byline\">");
        push_text(&mut x, a);
        glyphs.note(a, Style::default());
        x.push_str("</p>\n");
    }
    x.push_str("</section>\n");
    x.push_str(PAGE_END);
    Page {
        href: "titlepage.xhtml".into(),
        xhtml: x,
        toc: TocElement::new("titlepage.xhtml", labels.title_page),
        reftype: Some(ReferenceType::TitlePage),
    }
}

pub(super) fn toc_page(
    groups: &[Group],
    titles: &[String],
    hrefs: &[String],
    lang: &str,
    labels: &Labels,
    glyphs: &mut Glyphs<'_>,
) -> Page {
    let mut x = page_start(labels.contents, lang);
    x.push_str(
        "<body>\n<nav role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">",
    );
    push_text(&mut x, labels.contents);
    glyphs.note(labels.contents, Style::default().bold());
    x.push_str("</h1>\n<ol>\n");
    let grouped = groups.len() > 1 || groups.iter().any(|g| g.name.is_some());
    for (gi, g) in groups.iter().enumerate() {
        if grouped {
            let name = g.name.as_deref().unwrap_or(labels.uncategorized);
            x.push_str(&format!("<li><a href=\"{}\">", part_href(gi)));
            push_text(&mut x, &clean(name));
            glyphs.note(name, Style::default());
            x.push_str("</a>\n<ol>\n");
        }
        for &i in &g.members {
            let (Some(t), Some(h)) = (titles.get(i), hrefs.get(i)) else {
                continue;
            };
            x.push_str("<li><a href=\"");
            push_attr(&mut x, h);
            x.push_str("\">");
            push_text(&mut x, t);
            glyphs.note(t, Style::default());
            x.push_str("</a></li>\n");
        }
        if grouped {
            x.push_str("</ol>\n</li>\n");
        }
    }
    x.push_str("</ol>\n</nav>\n");
    x.push_str(PAGE_END);
    Page {
        href: "contents.xhtml".into(),
        xhtml: x,
        toc: TocElement::new("contents.xhtml", labels.contents),
        reftype: Some(ReferenceType::Toc),
    }
}

pub(super) fn part_href(i: usize) -> String {
    format!("part-{:02}.xhtml", i + 1)
}

pub(super) fn part_page(i: usize, name: &str, lang: &str, glyphs: &mut Glyphs<'_>) -> Page {
    let name = clean(name);
    let href = part_href(i);
    let mut x = page_start(&name, lang);
    x.push_str("<body>\n<section epub:type=\"part\" role=\"doc-part\" class=\"part\">\n<h1>");
    push_text(&mut x, &name);
    glyphs.note(&name, Style::default().bold());
    x.push_str("</h1>\n</section>\n");
    x.push_str(PAGE_END);
    Page {
        toc: TocElement::new(href.clone(), name),
        href,
        xhtml: x,
        reftype: None,
    }
}

/// XHTML files much over 250 KB are hard on e-readers: Adobe's engine (Kobo, older readers)
/// refuses or crawls, and calibre splits at 260 KB. A long post is cut into parts at block
/// boundaries, before a heading once past half the limit.
const PART_BYTES: usize = 240 * 1024;

/// A post as one chapter: one file, or several parts for a long post (`href`, then
/// `href` with `-2`, `-3`… before its extension), each in the spine, the first in the contents.
pub(super) fn chapter_page(
    doc: &Document,
    title: &str,
    href: &str,
    level: i32,
    images: &HashMap<String, ImageRef>,
    glyphs: &mut Glyphs<'_>,
    lang: &str,
) -> (Vec<Page>, HashMap<String, String>) {
    let doc_lang = doc
        .lang
        .as_deref()
        .or(doc.meta.lang.as_deref())
        .and_then(lang::normalize);
    let own_lang = doc_lang.as_deref().filter(|l| *l != lang);
    let section = |x: &mut String, first: bool| {
        x.push_str("<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\"");
        if first {
            x.push_str(" aria-labelledby=\"title\"");
        } else {
            x.push_str(" aria-label=\"");
            push_attr(x, title);
            x.push('"');
        }
        if let Some(l) = own_lang {
            // A post in another language than the book's keeps its own.
            x.push_str(" xml:lang=\"");
            push_attr(x, l);
            x.push_str("\" lang=\"");
            push_attr(x, l);
            x.push('"');
        }
        x.push_str(">\n");
    };
    glyphs.set_lang(own_lang.unwrap_or(lang));
    let mut x = page_start(title, lang);
    section(&mut x, true);
    x.push_str("<h1 class=\"title\" id=\"title\">");
    push_text(&mut x, title);
    glyphs.note(title, Style::default().bold());
    x.push_str("</h1>\n");
    let byline: Vec<String> = [
        doc.meta.author.as_deref().map(clean),
        doc.meta
            .date
            .map(|d| d.naive().format("%Y-%m-%d").to_string()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect();
    if !byline.is_empty() {
        let line = byline.join(" · ");
        x.push_str("<p class=\"byline\">");
        push_text(&mut x, &line);
        glyphs.note(&line, Style::default());
        x.push_str("</p>\n");
    }
    let mut w = Writer::new(glyphs, images, doc.body(), &["title", "toc-title"]);
    w.out = x;
    let mut parts: Vec<String> = Vec::new();
    w.lang = lang.to_string();
    let body = doc.body();
    for (i, block) in body.iter().enumerate() {
        let full = w.out.len() >= PART_BYTES
            || (w.out.len() >= PART_BYTES / 2 && matches!(block, Block::Heading { .. }));
        if full && i > 0 {
            let mut part = std::mem::replace(&mut w.out, page_start(title, lang));
            part.push_str("</section>\n");
            part.push_str(PAGE_END);
            parts.push(part);
            w.part += 1;
            section(&mut w.out, false);
        }
        w.block_at(body, i, Style::default());
    }
    w.glyphs.set_lang(lang);
    let mut last = std::mem::take(&mut w.out);
    last.push_str("</section>\n");
    last.push_str(PAGE_END);
    parts.push(last);

    let hrefs: Vec<String> = (0..parts.len())
        .map(|i| match i {
            0 => href.to_string(),
            _ => match href.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}-{}.{ext}", i + 1),
                None => format!("{href}-{}", i + 1),
            },
        })
        .collect();
    let targets = w.heading_targets(&hrefs);
    let mut toc = TocElement::new(href, title).level(level);
    for h in std::mem::take(&mut w.headings) {
        let file = hrefs.get(h.part).map_or(href, String::as_str);
        toc.add(
            TocElement::new(format!("{file}#{}", h.id), h.text).level(level + i32::from(h.level)),
        );
    }
    let mut toc = Some(toc);
    let pages = parts
        .into_iter()
        .zip(&hrefs)
        .enumerate()
        .map(|(i, (xhtml, part_href))| Page {
            href: part_href.clone(),
            xhtml: w.resolve_links(xhtml, i, &hrefs),
            // Later parts are in the spine, not in the contents.
            toc: toc
                .take()
                .unwrap_or_else(|| TocElement::new(part_href.as_str(), "")),
            reftype: None,
        })
        .collect();
    (pages, targets)
}

pub(super) fn note_toc(glyphs: &mut Glyphs<'_>, toc: &TocElement) {
    glyphs.note(&toc.title, Style::default());
    for c in &toc.children {
        note_toc(glyphs, c);
    }
}
