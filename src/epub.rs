//! EPUB 3 output: one post, or many as a book, with embedded font subsets, navigation, cover
//! and images, byte-identical for the same input.

mod code;
mod cover;
mod glyphs;
mod images;
use crate::lang;
mod metadata;
mod notes;
mod package;
mod pages;
mod style;
mod xhtml;
mod zipout;

use zipout::{Pack, ZipOut};

use std::collections::{HashMap, HashSet};
use std::io::Write;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

use crate::assets::{AssetOptions, MediaType};
use crate::book::{groups, BookOptions, Posts};
use crate::fonts::{FontError, FontSet};
use crate::tree::Document;
use glyphs::{Glyphs, Style};
use images::{collect_images, load_cover, load_doc_images};
use metadata::{
    book_author, book_lang, doc_text, doc_title, extra_metadata, identifier, modified, subjects,
};
pub use package::PackageError;
use pages::{
    chapter_page, cover_href, cover_page, note_toc, part_page, title_page, toc_page, Page,
};
use xhtml::clean;

/// How to write the EPUB.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Vertical right-to-left text (`writing-mode: vertical-rl`, pages turn right to left).
    pub vertical: bool,
    /// Image loading: `assets.fetch` is `--fetch-images`.
    pub assets: AssetOptions,
    /// Fonts with the user's `--font` first; `None` uses the shipped ones.
    pub fonts: Option<&'static FontSet>,
    /// No generated cover when the post or book has none (`--no-cover`).
    pub no_cover: bool,
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
    let mut bytes = Vec::new();
    let warnings = assemble(
        &Posts::whole(std::slice::from_ref(doc)),
        None,
        opts,
        &mut bytes,
    )?;
    Ok(Rendered { bytes, warnings })
}

impl crate::format::Writer for EpubOptions {
    fn render(&self, doc: &Document) -> Result<Rendered, crate::RenderError> {
        Ok(write_epub(doc, self)?)
    }

    fn write_book(
        &self,
        posts: &Posts<'_>,
        book: &BookOptions,
        out: &mut dyn Write,
    ) -> Result<Vec<String>, crate::RenderError> {
        Ok(write_book_to(posts, book, self, out)?)
    }
}

/// Many posts as one book: title page, table of contents, one chapter per post (in
/// `book.sort` order, grouped by `book.group_by`) and one set of font subsets.
pub fn write_book(
    docs: &[Document],
    book: &BookOptions,
    opts: &EpubOptions,
) -> Result<Rendered, EpubError> {
    let mut bytes = Vec::new();
    let warnings = write_book_to(&Posts::whole(docs), book, opts, &mut bytes)?;
    Ok(Rendered { bytes, warnings })
}

/// Many posts as one book, written to `out` as it is made: each chapter's post is loaded,
/// written and dropped in turn, so memory does not grow with the book.
pub fn write_book_to(
    posts: &Posts<'_>,
    book: &BookOptions,
    opts: &EpubOptions,
    out: &mut dyn Write,
) -> Result<Vec<String>, EpubError> {
    if posts.is_empty() {
        return Err(EpubError::NoDocuments);
    }
    assemble(posts, Some(book), opts, out)
}

/// The most posts a book's contents list the headings of. Past it the contents list posts
/// (and their groups) only, as calibre caps its contents: a reader opens a contents of
/// hundreds of thousands of entries slowly if at all, and the book's package documents would
/// grow by kilobytes a post.
const NAV_HEADINGS_UP_TO: usize = 2_000;

/// The archive as it is written: pages go in as they are made, except those linking to a post
/// not written yet, which wait until every heading's page is known.
struct Pages<'w> {
    zip: ZipOut<'w>,
    /// Every page in reading order, without its XHTML.
    list: Vec<Page>,
    /// Names (below `OEBPS/`) already in the archive.
    written: HashSet<String>,
    math: Vec<String>,
    waiting: Vec<(String, String)>,
}

impl Pages<'_> {
    fn add(&mut self, name: &str, bytes: &[u8], pack: Pack) -> Result<(), EpubError> {
        self.zip
            .add(&format!("OEBPS/{name}"), bytes, pack)
            .map_err(PackageError::from)?;
        self.written.insert(name.to_string());
        Ok(())
    }

    /// Writes `page` now if its links can be resolved through `targets`, else later.
    fn page(
        &mut self,
        mut page: Page,
        targets: &[(String, HashMap<String, String>)],
        ready: impl Fn(usize) -> bool,
    ) -> Result<(), EpubError> {
        let xhtml = std::mem::take(&mut page.xhtml);
        if xhtml.contains("<math ") {
            self.math.push(page.href.clone());
        }
        if xhtml::chapter_links_ready(&xhtml, ready) {
            let xhtml = xhtml::resolve_chapter_links(xhtml, targets);
            self.add(&page.href, xhtml.as_bytes(), package::TEXT_PACK)?;
        } else {
            self.waiting.push((page.href.clone(), xhtml));
        }
        self.list.push(page);
        Ok(())
    }
}

fn assemble(
    posts: &Posts<'_>,
    book: Option<&BookOptions>,
    opts: &EpubOptions,
    out: &mut dyn Write,
) -> Result<Vec<String>, EpubError> {
    let fonts: &FontSet = match &opts.fonts {
        Some(f) => f,
        None => FontSet::builtin(),
    };
    let heads = posts.heads();
    let mut warnings = Vec::new();
    let lang = book_lang(heads, book);
    let labels = lang::labels(&lang);
    let titles: Vec<String> = heads.iter().map(|d| doc_title(d, &labels)).collect();
    let book_title = match book {
        Some(b) => b
            .title
            .as_deref()
            .map(clean)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| labels.collection.to_string()),
        None => titles.first().cloned().unwrap_or_default(),
    };
    let author = match book {
        Some(b) => book_author(heads, b),
        None => heads
            .first()
            .and_then(|d| d.meta.author.as_deref())
            .map(clean),
    };
    let mut budget = crate::imagecheck::PixelBudget::new(opts.assets.max_total_pixels);
    let mut cover = match book {
        // A post alone is whole in `heads`.
        None => heads
            .first()
            .and_then(|d| load_cover(d, opts, &mut warnings, &mut budget)),
        Some(_) => None,
    };
    if cover.is_none() && !opts.no_cover {
        // A post's date, or a book's span of years, under the title.
        let dates: Vec<String> = heads
            .iter()
            .filter_map(|d| {
                d.meta
                    .date
                    .map(|d| d.naive().format("%Y-%m-%d").to_string())
            })
            .collect();
        let (first, last) = (dates.iter().min(), dates.iter().max());
        let when = match (first, last) {
            (Some(a), Some(b)) if book.is_some() && a.get(..4) != b.get(..4) => Some(format!(
                "{}–{}",
                a.get(..4).unwrap_or(a),
                b.get(..4).unwrap_or(b)
            )),
            (Some(a), _) if book.is_some() => Some(a.get(..4).unwrap_or(a).to_string()),
            (Some(a), _) => Some(a.clone()),
            _ => None,
        };
        let text = cover::CoverText {
            title: &book_title,
            author: author.as_deref(),
            site: when.as_deref(),
            lang: &lang,
        };
        cover = cover::generate(fonts, &text).map(|png| (png, MediaType::Png));
    }

    let mut pages = Pages {
        zip: ZipOut::new(out),
        list: Vec::new(),
        written: HashSet::new(),
        math: Vec::new(),
        waiting: Vec::new(),
    };
    pages
        .zip
        .add("mimetype", b"application/epub+zip", Pack::Stored)
        .map_err(PackageError::from)?;
    let cover_name = cover.as_ref().map(|(_, media)| cover_href(*media));
    if let (Some((bytes, _)), Some(href)) = (&cover, &cover_name) {
        pages.add(href, bytes, package::pack_for(href))?;
    }
    let mut packaged = images::Packaged::new(cover.as_ref());
    let mut not_fetched = 0usize;
    let mut all_alt = true;
    // Only posts without an identity of their own name the book by their text.
    let mut texts: Vec<String> = Vec::new();
    let by_text = heads.iter().any(|d| d.identity.is_none());

    let mut glyphs = Glyphs::new(fonts, opts.vertical);
    glyphs.set_lang(&lang);
    if let Some((_, ref media)) = cover {
        let page = cover_page(&book_title, media, &lang, &labels);
        pages.page(page, &[], |_| true)?;
    }
    match book {
        None => {
            if let Some(doc) = heads.first() {
                let mut srcs = Vec::new();
                collect_images(&doc.blocks, &mut srcs, &mut all_alt);
                let (map, skipped) =
                    load_doc_images(doc, &srcs, opts, &mut packaged, &mut warnings, &mut budget);
                not_fetched += skipped;
                for (href, bytes) in std::mem::take(&mut packaged.fresh) {
                    pages.add(&href, &bytes, package::pack_for(&href))?;
                }
                if by_text {
                    texts.push(doc_text(doc));
                }
                let title = titles.first().cloned().unwrap_or_default();
                let (parts, targets) =
                    chapter_page(doc, &title, "chapter.xhtml", 1, &map, &mut glyphs, &lang);
                // A post alone has no other chapter: a link naming one goes to its own start.
                let own = [("chapter.xhtml".to_string(), targets)];
                for (k, mut part) in parts.into_iter().enumerate() {
                    if k == 0 {
                        part.reftype = Some(ReferenceType::Text);
                    }
                    pages.page(part, &own, |_| true)?;
                }
            }
        }
        Some(book) => {
            let groups = groups(heads, book);
            pages.page(
                title_page(&book_title, author.as_deref(), &lang, &labels, &mut glyphs),
                &[],
                |_| true,
            )?;
            let hrefs: Vec<String> = (0..heads.len())
                .map(|i| format!("chapter-{:03}.xhtml", i + 1))
                .collect();
            let toc = toc_page(&groups, &titles, &hrefs, &lang, &labels, &mut glyphs);
            pages.page(toc, &[], |_| true)?;
            // Each post's first file and where its headings landed, for links between posts.
            let mut targets: Vec<(String, HashMap<String, String>)> =
                hrefs.iter().map(|h| (h.clone(), HashMap::new())).collect();
            let mut done = vec![false; heads.len()];
            let mut by_index: Vec<Option<String>> = Vec::new();
            if by_text {
                by_index.resize(heads.len(), None);
            }
            let mut first = true;
            let headings_in_nav = heads.len() <= NAV_HEADINGS_UP_TO;
            for (gi, group) in groups.iter().enumerate() {
                let grouped = groups.len() > 1 || group.name.is_some();
                let level = if grouped {
                    let name = group.name.as_deref().unwrap_or(labels.uncategorized);
                    pages.page(part_page(gi, name, &lang, &mut glyphs), &[], |_| true)?;
                    2
                } else {
                    1
                };
                for &i in &group.members {
                    let (Some(title), Some(href)) = (titles.get(i), hrefs.get(i)) else {
                        continue;
                    };
                    let (doc, problem) = posts.load(i);
                    warnings.extend(problem);
                    // Each post of a book has its own pixel budget: a book of many posts is
                    // not short of pictures for being a book.
                    budget = crate::imagecheck::PixelBudget::new(opts.assets.max_total_pixels);
                    let mut srcs = Vec::new();
                    collect_images(&doc.blocks, &mut srcs, &mut all_alt);
                    let (map, skipped) = load_doc_images(
                        &doc,
                        &srcs,
                        opts,
                        &mut packaged,
                        &mut warnings,
                        &mut budget,
                    );
                    not_fetched += skipped;
                    for (href, bytes) in std::mem::take(&mut packaged.fresh) {
                        pages.add(&href, &bytes, package::pack_for(&href))?;
                    }
                    if let Some(t) = by_index.get_mut(i) {
                        *t = Some(doc_text(&doc));
                    }
                    let (parts, ids) =
                        chapter_page(&doc, title, href, level, &map, &mut glyphs, &lang);
                    if let Some(t) = targets.get_mut(i) {
                        t.1 = ids;
                    }
                    if let Some(d) = done.get_mut(i) {
                        *d = true;
                    }
                    for (k, mut part) in parts.into_iter().enumerate() {
                        if k == 0 && std::mem::take(&mut first) {
                            part.reftype = Some(ReferenceType::Text);
                        }
                        if !headings_in_nav {
                            part.toc.children = Vec::new();
                        }
                        pages.page(part, &targets, |n| done.get(n).copied().unwrap_or(true))?;
                    }
                }
            }
            for (href, xhtml) in std::mem::take(&mut pages.waiting) {
                let xhtml = xhtml::resolve_chapter_links(xhtml, &targets);
                pages.add(&href, xhtml.as_bytes(), package::TEXT_PACK)?;
            }
            texts = by_index.into_iter().flatten().collect();
        }
    }
    if not_fetched > 0 {
        warnings.push(format!(
            "{not_fetched} remote image(s) not downloaded; pass --fetch-images to include them"
        ));
    }
    // The nav document shows these too.
    glyphs.note(labels.contents, Style::default().bold());
    for page in &pages.list {
        note_toc(&mut glyphs, &page.toc);
    }
    if let Some(w) = glyphs.missing_warning() {
        warnings.push(w);
    }
    let (subsets, fonts_css) = glyphs.build()?;
    for s in &subsets {
        pages.add(&s.href, &s.bytes, package::FONT_PACK)?;
    }

    let identifier = identifier(heads, &book_title, &lang, &texts, opts.vertical);
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
    if let Some(a) = author.filter(|a| !a.is_empty()) {
        builder.metadata("author", a)?;
    }
    if book.is_none() {
        if let Some(doc) = heads.first() {
            if let Some(d) = doc.meta.description.as_deref().map(clean) {
                if !d.is_empty() {
                    builder.metadata("description", d)?;
                }
            }
        }
    }
    for s in subjects(heads) {
        builder.metadata("subject", s)?;
    }
    builder.set_uuid(identifier);
    builder.set_modified_date(modified(heads));
    builder.stylesheet(style::stylesheet(&fonts_css, opts.vertical).as_bytes())?;
    // What is in the archive already goes to epub-builder empty, so that it lists it.
    for s in &subsets {
        builder.add_resource(&s.href, std::io::empty(), s.media_type)?;
    }
    if let (Some((_, media)), Some(href)) = (&cover, &cover_name) {
        builder.add_cover_image(href, std::io::empty(), media.mime())?;
    }
    for (href, media) in &packaged.list {
        builder.add_resource(href, std::io::empty(), media.mime())?;
    }
    for page in std::mem::take(&mut pages.list) {
        let mut content = EpubContent::new(page.href.as_str(), std::io::empty());
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
        heads,
        book.is_some(),
        cover.is_some() || !packaged.list.is_empty(),
        all_alt,
        opts.vertical,
    );
    package::finish(
        raw,
        &package::Patch {
            lang: &lang,
            identifier: &urn,
            metadata: &metadata,
            landmarks_label: labels.landmarks,
            title: &book_title,
            math_hrefs: &pages.math,
        },
        &mut pages.zip,
        &pages.written,
    )?;
    pages.zip.finish().map_err(PackageError::from)?;
    Ok(warnings)
}
