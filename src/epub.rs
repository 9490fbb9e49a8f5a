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

use std::collections::HashMap;

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
use xhtml::{clean, ImageRef};

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
    assemble(std::slice::from_ref(doc), None, opts)
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

/// Many posts as one book, written to `out`.
pub fn write_book_to(
    posts: &Posts<'_>,
    book: &BookOptions,
    opts: &EpubOptions,
    out: &mut dyn std::io::Write,
) -> Result<Vec<String>, EpubError> {
    if posts.is_empty() {
        return Err(EpubError::NoDocuments);
    }
    let mut warnings = Vec::new();
    let loaded: Vec<Document> = (0..posts.len())
        .map(|i| {
            let (doc, problem) = posts.load(i);
            warnings.extend(problem);
            doc.into_owned()
        })
        .collect();
    let mut rendered = assemble(&loaded, Some(book), opts)?;
    out.write_all(&rendered.bytes)
        .map_err(|e| EpubError::Build(e.to_string()))?;
    warnings.append(&mut rendered.warnings);
    Ok(warnings)
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
    let lang = book_lang(docs, book);
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
    let author = match book {
        Some(b) => book_author(docs, b),
        None => docs
            .first()
            .and_then(|d| d.meta.author.as_deref())
            .map(clean),
    };
    let mut budget = crate::imagecheck::PixelBudget::new(opts.assets.max_total_pixels);
    let mut cover = match book {
        None => docs
            .first()
            .and_then(|d| load_cover(d, opts, &mut warnings, &mut budget)),
        Some(_) => None,
    };
    if cover.is_none() && !opts.no_cover {
        // A post's date, or a book's span of years, under the title.
        let dates: Vec<String> = docs
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
    for (i, doc) in docs.iter().enumerate() {
        // Each post of a book has its own pixel budget (the first shares it with the cover):
        // a book of many posts is not short of pictures for being a book.
        if i > 0 {
            budget = crate::imagecheck::PixelBudget::new(opts.assets.max_total_pixels);
        }
        let mut srcs = Vec::new();
        collect_images(&doc.blocks, &mut srcs, &mut all_alt);
        let (map, skipped) = load_doc_images(
            doc,
            &srcs,
            opts,
            cover.as_ref(),
            &mut packaged,
            &mut warnings,
            &mut budget,
        );
        not_fetched += skipped;
        image_maps.push(map);
    }
    if not_fetched > 0 {
        warnings.push(format!(
            "{not_fetched} remote image(s) not downloaded; pass --fetch-images to include them"
        ));
    }

    let mut glyphs = Glyphs::new(fonts, opts.vertical);
    glyphs.set_lang(&lang);
    let mut pages: Vec<Page> = Vec::new();
    if let Some((_, ref media)) = cover {
        pages.push(cover_page(&book_title, media, &lang, &labels));
    }
    match book {
        None => {
            if let (Some(doc), Some(map)) = (docs.first(), image_maps.first()) {
                let title = titles.first().cloned().unwrap_or_default();
                let (mut parts, targets) =
                    chapter_page(doc, &title, "chapter.xhtml", 1, map, &mut glyphs, &lang);
                // A post alone has no other chapter: a link naming one goes to its own start.
                let own = [("chapter.xhtml".to_string(), targets)];
                for part in &mut parts {
                    let xhtml = std::mem::take(&mut part.xhtml);
                    part.xhtml = xhtml::resolve_chapter_links(xhtml, &own);
                }
                if let Some(first) = parts.first_mut() {
                    first.reftype = Some(ReferenceType::Text);
                }
                pages.extend(parts);
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
            // Each post's first file and where its headings landed, for links between posts.
            let mut chapter_targets: Vec<(String, HashMap<String, String>)> =
                hrefs.iter().map(|h| (h.clone(), HashMap::new())).collect();
            let first_chapter = pages.len();
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
                    let (mut parts, ids) =
                        chapter_page(doc, title, href, level, map, &mut glyphs, &lang);
                    if let Some(t) = chapter_targets.get_mut(i) {
                        t.1 = ids;
                    }
                    if let Some(page) = parts.first_mut().filter(|_| first) {
                        page.reftype = Some(ReferenceType::Text);
                        first = false;
                    }
                    pages.extend(parts);
                }
            }
            for page in pages.iter_mut().skip(first_chapter) {
                let xhtml = std::mem::take(&mut page.xhtml);
                page.xhtml = xhtml::resolve_chapter_links(xhtml, &chapter_targets);
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

    let identifier = identifier(docs, &book_title, &lang, &texts, opts.vertical);
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
    // The large entries go to epub-builder empty, so that it lists them and deflates nothing
    // big; package::finish writes their bytes, each packed as suits it.
    let mut bodies: Vec<(String, String)> = Vec::with_capacity(pages.len());
    let mut real: Vec<package::Entry<'_>> = Vec::new();
    for s in &subsets {
        builder.add_resource(&s.href, std::io::empty(), s.media_type)?;
        real.push(package::Entry::new(&s.href, &s.bytes));
    }
    let cover_name = cover.as_ref().map(|(_, media)| cover_href(*media));
    if let (Some((bytes, media)), Some(href)) = (&cover, &cover_name) {
        builder.add_cover_image(href, std::io::empty(), media.mime())?;
        real.push(package::Entry::new(href, bytes));
    }
    for (href, media, bytes) in &packaged {
        builder.add_resource(href, std::io::empty(), media.mime())?;
        real.push(package::Entry::new(href, bytes));
    }
    // Pages with MathML say so in the manifest.
    let math_hrefs: Vec<String> = pages
        .iter()
        .filter(|p| p.xhtml.contains("<math "))
        .map(|p| p.href.clone())
        .collect();
    for page in pages {
        let mut content = EpubContent::new(page.href.as_str(), std::io::empty());
        content.toc = page.toc;
        if let Some(r) = page.reftype {
            content = content.reftype(r);
        }
        builder.add_content(content)?;
        bodies.push((page.href, page.xhtml));
    }
    real.extend(
        bodies
            .iter()
            .map(|(href, xhtml)| package::Entry::new(href, xhtml.as_bytes())),
    );
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
            landmarks_label: labels.landmarks,
            title: &book_title,
            math_hrefs: &math_hrefs,
        },
        &real,
    )?;
    Ok(Rendered { bytes, warnings })
}
