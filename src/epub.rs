//! EPUB 3 output: one post, or many as a book, with embedded font subsets, navigation, cover
//! and images, byte-identical for the same input.

mod glyphs;
mod lang;
mod package;
mod style;
mod xhtml;

use std::collections::HashMap;
use std::sync::Arc;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};

use crate::assets::{is_remote, load_images, AssetError, AssetOptions, MediaType};
use crate::book::{groups, BookOptions, Group};
use crate::fonts::{FontError, FontSet};
use crate::meta::PostDate;
use crate::tree::{block_text, Block, Document, Inline};
use glyphs::{Glyphs, Style};
use lang::Labels;
pub use package::PackageError;
use xhtml::{clean, push_attr, push_text, ImageRef, Writer};

/// How to write the EPUB.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Vertical right-to-left text (`writing-mode: vertical-rl`, pages turn right to left).
    pub vertical: bool,
    /// Image loading: `assets.fetch` is `--fetch-images`.
    pub assets: AssetOptions,
    /// Fonts with the user's `--font` first; `None` uses the shipped ones.
    pub fonts: Option<Arc<FontSet>>,
}

pub use crate::format::Rendered;

#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    #[error("a book needs at least one post")]
    NoDocuments,
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("could not build the EPUB: {0}")]
    Build(String),
    #[error(transparent)]
    Package(#[from] PackageError),
}

impl From<epub_builder::Error> for EpubError {
    fn from(e: epub_builder::Error) -> Self {
        EpubError::Build(e.to_string())
    }
}

/// One post as an EPUB.
pub fn write_epub(doc: &Document, opts: &EpubOptions) -> Result<Rendered, EpubError> {
    assemble(std::slice::from_ref(doc), None, opts)
}

/// Many posts as one book: title page, table of contents, one chapter per post (in
/// `book.sort` order, grouped by `book.group_by`) and one set of font subsets.
pub fn write_book(
    docs: &[Document],
    book: &BookOptions,
    opts: &EpubOptions,
) -> Result<Rendered, EpubError> {
    if docs.is_empty() {
        return Err(EpubError::NoDocuments);
    }
    assemble(docs, Some(book), opts)
}

/// One XHTML file of the book, before packaging.
struct Page {
    href: String,
    xhtml: String,
    toc: TocElement,
    reftype: Option<ReferenceType>,
}

fn assemble(
    docs: &[Document],
    book: Option<&BookOptions>,
    opts: &EpubOptions,
) -> Result<Rendered, EpubError> {
    let fonts: &FontSet = match &opts.fonts {
        Some(f) => f,
        None => FontSet::builtin(),
    };
    let mut warnings = Vec::new();
    let texts: Vec<String> = docs.iter().map(doc_text).collect();
    let lang = book_lang(docs, book, &texts);
    let labels = lang::labels(&lang);
    let titles: Vec<String> = docs.iter().map(|d| doc_title(d, &labels)).collect();
    let book_title = match book {
        Some(b) => b
            .title
            .as_deref()
            .map(clean)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| labels.collection.to_string()),
        None => titles.first().cloned().unwrap_or_default(),
    };

    // Images, per post (each resolves against its own folder), packaged once each.
    let mut packaged: Vec<(String, MediaType, Vec<u8>)> = Vec::new();
    let mut image_maps: Vec<HashMap<String, ImageRef>> = Vec::with_capacity(docs.len());
    let mut not_fetched = 0usize;
    let mut all_alt = true;
    let cover = match book {
        None => docs
            .first()
            .and_then(|d| load_cover(d, opts, &mut warnings)),
        Some(_) => None,
    };
    for doc in docs {
        let mut srcs = Vec::new();
        collect_images(&doc.blocks, &mut srcs, &mut all_alt);
        let (map, skipped) = load_doc_images(
            doc,
            &srcs,
            opts,
            cover.as_ref(),
            &mut packaged,
            &mut warnings,
        );
        not_fetched += skipped;
        image_maps.push(map);
    }
    if not_fetched > 0 {
        warnings.push(format!(
            "{not_fetched} remote image(s) left as links; pass --fetch-images to include them"
        ));
    }

    let mut glyphs = Glyphs::new(fonts, opts.vertical);
    let mut pages: Vec<Page> = Vec::new();
    if let Some((_, ref media)) = cover {
        pages.push(cover_page(&book_title, media, &lang, &labels));
    }
    match book {
        None => {
            if let (Some(doc), Some(map)) = (docs.first(), image_maps.first()) {
                let title = titles.first().cloned().unwrap_or_default();
                let page = chapter_page(doc, &title, "chapter.xhtml", 1, map, &mut glyphs, &lang);
                pages.push(Page {
                    reftype: Some(ReferenceType::Text),
                    ..page
                });
            }
        }
        Some(book) => {
            let groups = groups(docs, book);
            let author = book_author(docs, book);
            pages.push(title_page(
                &book_title,
                author.as_deref(),
                &lang,
                &labels,
                &mut glyphs,
            ));
            let hrefs: Vec<String> = (0..docs.len())
                .map(|i| format!("chapter-{:03}.xhtml", i + 1))
                .collect();
            pages.push(toc_page(
                &groups,
                &titles,
                &hrefs,
                &lang,
                &labels,
                &mut glyphs,
            ));
            let mut first = true;
            for (gi, group) in groups.iter().enumerate() {
                let grouped = groups.len() > 1 || group.name.is_some();
                let level = if grouped {
                    let name = group.name.as_deref().unwrap_or(labels.uncategorized);
                    pages.push(part_page(gi, name, &lang, &mut glyphs));
                    2
                } else {
                    1
                };
                for &i in &group.members {
                    let (Some(doc), Some(map), Some(title), Some(href)) =
                        (docs.get(i), image_maps.get(i), titles.get(i), hrefs.get(i))
                    else {
                        continue;
                    };
                    let mut page = chapter_page(doc, title, href, level, map, &mut glyphs, &lang);
                    if first {
                        page.reftype = Some(ReferenceType::Text);
                        first = false;
                    }
                    pages.push(page);
                }
            }
        }
    }
    // The nav document shows these too.
    glyphs.note(labels.contents, Style::default().bold());
    for page in &pages {
        note_toc(&mut glyphs, &page.toc);
    }
    if let Some(w) = glyphs.missing_warning() {
        warnings.push(w);
    }
    let (subsets, fonts_css) = glyphs.build()?;

    let identifier = identifier(&book_title, &lang, &texts, opts.vertical);
    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.metadata("title", book_title.as_str())?;
    builder.metadata("lang", lang.as_str())?;
    builder.metadata("generator", "postbind")?;
    builder.metadata("toc_name", labels.contents)?;
    if opts.vertical {
        builder.metadata("direction", "rtl")?;
        builder.epub_direction(epub_builder::PageDirection::Rtl);
    }
    let author = match book {
        Some(b) => book_author(docs, b),
        None => docs
            .first()
            .and_then(|d| d.meta.author.as_deref())
            .map(clean),
    };
    if let Some(a) = author.filter(|a| !a.is_empty()) {
        builder.metadata("author", a)?;
    }
    if book.is_none() {
        if let Some(doc) = docs.first() {
            if let Some(d) = doc.meta.description.as_deref().map(clean) {
                if !d.is_empty() {
                    builder.metadata("description", d)?;
                }
            }
        }
    }
    for s in subjects(docs) {
        builder.metadata("subject", s)?;
    }
    builder.set_uuid(identifier);
    builder.set_modified_date(modified(docs));
    builder.stylesheet(style::stylesheet(&fonts_css, opts.vertical).as_bytes())?;
    for s in &subsets {
        builder.add_resource(&s.href, s.bytes.as_slice(), s.media_type)?;
    }
    if let Some((bytes, media)) = &cover {
        builder.add_cover_image(cover_href(*media), bytes.as_slice(), media.mime())?;
    }
    for (href, media, bytes) in &packaged {
        builder.add_resource(href, bytes.as_slice(), media.mime())?;
    }
    for page in pages {
        let mut content = EpubContent::new(page.href, page.xhtml.as_bytes());
        content.toc = page.toc;
        if let Some(r) = page.reftype {
            content = content.reftype(r);
        }
        builder.add_content(content)?;
    }
    let mut raw = Vec::new();
    builder.generate(&mut raw)?;

    let urn = uuid::fmt::Urn::from_uuid(identifier).to_string();
    let metadata = extra_metadata(
        docs,
        book.is_some(),
        cover.is_some() || !packaged.is_empty(),
        all_alt,
        opts.vertical,
    );
    let bytes = package::finish(
        raw,
        &package::Patch {
            lang: &lang,
            identifier: &urn,
            metadata: &metadata,
        },
    )?;
    Ok(Rendered { bytes, warnings })
}

fn doc_text(doc: &Document) -> String {
    let mut s = doc.meta.title.clone().unwrap_or_default();
    s.push('\n');
    block_text(&doc.blocks, &mut s);
    s
}

fn doc_title(doc: &Document, labels: &Labels) -> String {
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

/// The book's language: the option, else what the posts declare when they agree, else a guess
/// from the text.
fn book_lang(docs: &[Document], book: Option<&BookOptions>, texts: &[String]) -> String {
    if let Some(l) = book
        .and_then(|b| b.lang.as_deref())
        .and_then(lang::normalize)
    {
        return l;
    }
    let declared: Vec<Option<String>> = docs
        .iter()
        .map(|d| d.meta.lang.as_deref().and_then(lang::normalize))
        .collect();
    if let Some(Some(first)) = declared.first() {
        if declared
            .iter()
            .all(|d| d.as_deref() == Some(first.as_str()))
        {
            return first.clone();
        }
    }
    lang::detect(&texts.concat()).to_string()
}

fn book_author(docs: &[Document], book: &BookOptions) -> Option<String> {
    if let Some(a) = book.author.as_deref().map(clean).filter(|a| !a.is_empty()) {
        return Some(a);
    }
    let first = docs.first()?.meta.author.as_deref()?;
    docs.iter()
        .all(|d| d.meta.author.as_deref() == Some(first))
        .then(|| clean(first))
}

fn subjects(docs: &[Document]) -> Vec<String> {
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
fn identifier(title: &str, lang: &str, texts: &[String], vertical: bool) -> uuid::Uuid {
    let mut key = format!("postbind\n{title}\n{lang}\n{vertical}\n");
    for t in texts {
        key.push_str(t);
        key.push('\u{1E}');
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
}

fn utc(d: &PostDate) -> chrono::DateTime<chrono::Utc> {
    match d {
        PostDate::Offset(dt, off) => {
            (*dt - chrono::TimeDelta::seconds(i64::from(off.local_minus_utc()))).and_utc()
        }
        other => other.naive().and_utc(),
    }
}

/// `dcterms:modified`: the newest date among the posts, so output does not depend on the clock.
fn modified(docs: &[Document]) -> chrono::DateTime<chrono::Utc> {
    docs.iter()
        .filter_map(|d| d.meta.updated.as_ref().or(d.meta.date.as_ref()))
        .map(utc)
        .max()
        .unwrap_or(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH)
}

/// `dc:date` in a form epubcheck accepts: a bare date, or date and time with their offset.
fn dc_date(d: &PostDate) -> String {
    match d {
        PostDate::Offset(..) => d.to_iso8601(),
        other => other.naive().format("%Y-%m-%d").to_string(),
    }
}

fn extra_metadata(
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

fn collect_images(blocks: &[Block], out: &mut Vec<String>, all_alt: &mut bool) {
    fn inlines(list: &[Inline], out: &mut Vec<String>, all_alt: &mut bool) {
        for i in list {
            match i {
                Inline::Image(img) => {
                    *all_alt &= !img.alt.trim().is_empty();
                    out.push(img.src.clone());
                }
                other => inlines(other.children().unwrap_or_default(), out, all_alt),
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                inlines(content, out, all_alt)
            }
            Block::List(l) => l.items.iter().for_each(|i| collect_images(i, out, all_alt)),
            Block::BlockQuote(inner) => collect_images(inner, out, all_alt),
            Block::Table(t) => {
                inlines(&t.caption, out, all_alt);
                for row in t.head.iter().chain(&t.body) {
                    for cell in &row.cells {
                        collect_images(&cell.blocks, out, all_alt);
                    }
                }
            }
            Block::Figure(f) => {
                *all_alt &= !f.image.alt.trim().is_empty();
                out.push(f.image.src.clone());
                inlines(&f.caption, out, all_alt);
            }
            Block::CodeBlock { .. } | Block::ThematicBreak => {}
        }
    }
}

/// Load a post's images; returns what each source became and how many remote ones were skipped.
fn load_doc_images(
    doc: &Document,
    srcs: &[String],
    opts: &EpubOptions,
    cover: Option<&(Vec<u8>, MediaType)>,
    packaged: &mut Vec<(String, MediaType, Vec<u8>)>,
    warnings: &mut Vec<String>,
) -> (HashMap<String, ImageRef>, usize) {
    let mut unique: Vec<&str> = Vec::new();
    for s in srcs {
        if !unique.contains(&s.as_str()) {
            unique.push(s);
        }
    }
    let results = load_images(doc.base_dir.as_deref(), &unique, &opts.assets);
    let mut map = HashMap::new();
    let mut skipped = 0;
    for (src, result) in unique.into_iter().zip(results) {
        let fallback = if is_remote(src) {
            let url = src.trim();
            let url = if url.starts_with("//") {
                format!("https:{url}")
            } else {
                url.to_string()
            };
            ImageRef::Link(xhtml::escape_url(&url))
        } else {
            ImageRef::Missing
        };
        let r = match result {
            Ok(a) if a.media_type == MediaType::WebP => {
                warnings.push(format!(
                    "image {src} is WebP, which EPUB 3.2 readers need not support; left as text"
                ));
                fallback
            }
            Ok(a) => {
                // Identical bytes are packaged once, the cover included.
                let known = packaged.iter().find(|(_, _, b)| *b == a.bytes);
                let href = match (cover, known) {
                    (Some((bytes, media)), _) if *bytes == a.bytes => cover_href(*media),
                    (_, Some((h, _, _))) => h.clone(),
                    _ => {
                        let h = format!(
                            "images/img-{:03}.{}",
                            packaged.len() + 1,
                            a.media_type.extension()
                        );
                        packaged.push((h.clone(), a.media_type, a.bytes));
                        h
                    }
                };
                ImageRef::Packaged(href)
            }
            Err(AssetError::NotFetched(_)) => {
                skipped += 1;
                fallback
            }
            Err(e) => {
                warnings.push(e.to_string());
                fallback
            }
        };
        map.insert(src.to_string(), r);
    }
    (map, skipped)
}

fn load_cover(
    doc: &Document,
    opts: &EpubOptions,
    warnings: &mut Vec<String>,
) -> Option<(Vec<u8>, MediaType)> {
    let src = doc.meta.cover.as_deref()?.trim();
    if src.is_empty() {
        return None;
    }
    match crate::assets::load_image(doc.base_dir.as_deref(), src, &opts.assets) {
        Ok(a)
            if matches!(
                a.media_type,
                MediaType::Jpeg | MediaType::Png | MediaType::Gif
            ) =>
        {
            Some((a.bytes, a.media_type))
        }
        Ok(_) => {
            warnings.push(format!(
                "cover {src} is not JPEG, PNG or GIF; no cover written"
            ));
            None
        }
        Err(e) => {
            warnings.push(format!("no cover: {e}"));
            None
        }
    }
}

fn cover_href(media: MediaType) -> String {
    format!("images/cover.{}", media.extension())
}

/// The start of every XHTML page.
fn page_start(title: &str, lang: &str) -> String {
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

const PAGE_END: &str = "</body>\n</html>\n";

fn cover_page(title: &str, media: &MediaType, lang: &str, labels: &Labels) -> Page {
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

fn title_page(
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

fn toc_page(
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

fn part_href(i: usize) -> String {
    format!("part-{:02}.xhtml", i + 1)
}

fn part_page(i: usize, name: &str, lang: &str, glyphs: &mut Glyphs<'_>) -> Page {
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

fn chapter_page(
    doc: &Document,
    title: &str,
    href: &str,
    level: i32,
    images: &HashMap<String, ImageRef>,
    glyphs: &mut Glyphs<'_>,
    lang: &str,
) -> Page {
    let mut x = page_start(title, lang);
    let doc_lang = doc.meta.lang.as_deref().and_then(lang::normalize);
    x.push_str(
        "<body>\n<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"title\"",
    );
    if let Some(l) = doc_lang.as_deref().filter(|l| *l != lang) {
        // A post in another language than the book's keeps its own.
        x.push_str(" xml:lang=\"");
        push_attr(&mut x, l);
        x.push_str("\" lang=\"");
        push_attr(&mut x, l);
        x.push('"');
    }
    x.push_str(">\n<h1 class=\"title\" id=\"title\">");
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
    let mut w = Writer::new(glyphs, images, &doc.blocks, &["title", "toc-title"]);
    w.blocks(&doc.blocks, Style::default());
    let body = std::mem::take(&mut w.out);
    let headings = std::mem::take(&mut w.headings);
    x.push_str(&body);
    x.push_str("</section>\n");
    x.push_str(PAGE_END);
    let mut toc = TocElement::new(href, title).level(level);
    for h in headings {
        toc.add(
            TocElement::new(format!("{href}#{}", h.id), h.text).level(level + i32::from(h.level)),
        );
    }
    Page {
        href: href.to_string(),
        xhtml: x,
        toc,
        reftype: None,
    }
}

fn note_toc(glyphs: &mut Glyphs<'_>, toc: &TocElement) {
    glyphs.note(&toc.title, Style::default());
    for c in &toc.children {
        note_toc(glyphs, c);
    }
}
