//! The PDF writer: typeset pages with embedded subset CJK fonts.
//!
//! `layout` turns the document tree into a flow of lines and boxes (line breaking in
//! `linebreak`), `paginate` puts them on pages, `emit` writes each page to the file as it is
//! finished (through `objects`, which keeps only offsets), and `postprocess` writes the rest at
//! the end (fonts from printpdf, Info, `/Lang`, the nested outline, the structure tree, a
//! stable ID). A book's posts are read one at a time, so memory does not grow with the book.

mod emit;
mod error;
mod images;
mod layout;
mod linebreak;
mod math;
mod objects;
mod paginate;
mod postprocess;
mod structure;
mod tags;
mod text;
mod xmp;

use crate::fonts;
use std::collections::HashMap;
use std::str::FromStr;

use crate::book::{BookOptions, Posts};
use crate::meta::PostDate;
use crate::tree::Document;
use layout::{Anchor, Draw, Item, Layout};
use linebreak::Align;
use text::{Shaper, Style, GREY};

pub use crate::Rendered;
pub use error::PdfError;
pub use images::DEFAULT_DPI as DEFAULT_IMAGE_DPI;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    #[default]
    A4,
    A5,
    Letter,
    /// A 6-inch e-ink screen: 90 × 122 mm, larger type relative to the page, small margins.
    Ereader,
}

impl FromStr for PageSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(PageSize::A4),
            "a5" => Ok(PageSize::A5),
            "letter" => Ok(PageSize::Letter),
            "ereader" | "e-reader" => Ok(PageSize::Ereader),
            other => Err(format!(
                "unknown page size {other:?}: use a4, a5, letter or ereader"
            )),
        }
    }
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::A5 => (148.0, 210.0),
            PageSize::Letter => (215.9, 279.4),
            PageSize::Ereader => (90.0, 122.0),
        }
    }
    fn default_font_size(self) -> f32 {
        match self {
            PageSize::A4 | PageSize::Letter => 10.5,
            PageSize::A5 => 10.0,
            PageSize::Ereader => 9.0,
        }
    }
    fn default_margin_mm(self) -> f32 {
        match self {
            PageSize::A4 | PageSize::Letter => 22.0,
            PageSize::A5 => 15.0,
            PageSize::Ereader => 5.0,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    pub page_size: PageSize,
    /// Body text size in points; the page size's default when `None`.
    pub font_size: Option<f32>,
    /// Page margin in millimetres; the page size's default when `None`.
    pub margin: Option<f32>,
    /// Indent the first line of paragraphs by two ems (Chinese convention).
    pub indent: bool,
    /// Image loading: `assets.fetch` is `--fetch-images`, with the image limits.
    pub assets: crate::assets::AssetOptions,
    /// Fonts with the user's `--font` first (the same set as the EPUB writer's, made once per
    /// run); `None` uses the shipped ones.
    pub fonts: Option<&'static fonts::FontSet>,
    /// Images are kept at this resolution for the size they are drawn (`--image-dpi`);
    /// [`images::DEFAULT_DPI`] when `None`.
    pub image_dpi: Option<f32>,
    /// PDF/A-2u (`--pdf-standard a-2u`): an sRGB output intent, and the claim in the metadata.
    pub archival: bool,
}

/// What a book's front matter shows, with the defaults filled in.
struct BookMeta {
    title: String,
    author: Option<String>,
    lang: String,
}

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Page geometry in points.
struct Frame {
    width: f32,
    height: f32,
    margin: f32,
    size: f32,
}

impl Frame {
    fn new(opts: &PdfOptions) -> Frame {
        let (w, h) = opts.page_size.mm();
        let size = opts
            .font_size
            .filter(|s| s.is_finite())
            .unwrap_or_else(|| opts.page_size.default_font_size())
            .clamp(5.0, 40.0);
        let margin = opts
            .margin
            .filter(|m| m.is_finite())
            .unwrap_or_else(|| opts.page_size.default_margin_mm())
            .clamp(0.0, w.min(h) / 4.0);
        Frame {
            width: w * PT_PER_MM,
            height: h * PT_PER_MM,
            margin: margin * PT_PER_MM,
            size,
        }
    }
    fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
    fn footer_size(&self) -> f32 {
        self.size * 0.8
    }
    fn top(&self) -> f32 {
        self.margin
    }
    /// The text area ends above the footer line.
    fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer_size() * 2.2
    }
}

struct Post<'d> {
    /// What is known of the post before its body is read: title, date, author, categories.
    head: &'d Document,
    /// Its place among the documents given (what links between posts name).
    index: usize,
    /// Prefix making heading ids unique in a book.
    scope: String,
    /// The group (category) this post opens in a grouped book.
    opens_group: Option<String>,
}

/// Writes one post as a PDF.
pub fn write_pdf(doc: &Document, opts: &PdfOptions) -> Result<Rendered, PdfError> {
    let post = Post {
        head: doc,
        index: 0,
        scope: String::new(),
        opens_group: None,
    };
    let title = doc.meta.title.clone().unwrap_or_default();
    let info = postprocess::Info {
        title: title.clone(),
        author: doc.meta.author.clone().unwrap_or_default(),
        subject: doc.meta.description.clone().unwrap_or_default(),
        keywords: keywords(std::slice::from_ref(doc)),
        date: doc.meta.date,
        lang: Some(language(std::slice::from_ref(doc))),
    };
    let mut bytes = Vec::new();
    let warnings = render(
        &Posts::whole(std::slice::from_ref(doc)),
        &[post],
        None,
        &info,
        opts,
        &mut bytes,
    )?;
    Ok(Rendered { bytes, warnings })
}

/// Writes posts as one book: title page, table of contents, each post from a new page, in
/// `book.sort` order and grouped under their first category with `book.group_by`.
pub fn write_book_pdf(
    docs: &[Document],
    book: &BookOptions,
    opts: &PdfOptions,
) -> Result<Rendered, PdfError> {
    let mut bytes = Vec::new();
    let warnings = write_book_pdf_to(&Posts::whole(docs), book, opts, &mut bytes)?;
    Ok(Rendered { bytes, warnings })
}

impl crate::format::Writer for PdfOptions {
    fn render(&self, doc: &Document) -> Result<Rendered, crate::RenderError> {
        Ok(write_pdf(doc, self)?)
    }

    fn write_book(
        &self,
        posts: &Posts<'_>,
        book: &BookOptions,
        out: &mut dyn std::io::Write,
    ) -> Result<Vec<String>, crate::RenderError> {
        Ok(write_book_pdf_to(posts, book, self, out)?)
    }
}

/// Many posts as one PDF book, written to `out`.
pub fn write_book_pdf_to(
    posts: &Posts<'_>,
    book: &BookOptions,
    opts: &PdfOptions,
    out: &mut dyn std::io::Write,
) -> Result<Vec<String>, PdfError> {
    // The heads serve everything before the first chapter; each body is read in its turn.
    let docs = posts.heads();
    if docs.is_empty() {
        return Err(PdfError::NoDocuments);
    }
    let mut order: Vec<Post> = Vec::with_capacity(docs.len());
    for group in crate::book::groups(docs, book) {
        for (k, &i) in group.members.iter().enumerate() {
            let Some(head) = docs.get(i) else { continue };
            order.push(Post {
                head,
                index: i,
                scope: format!("p{}/", order.len()),
                opens_group: if k == 0 { group.name.clone() } else { None },
            });
        }
    }
    let lang = book
        .lang
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| language(docs));
    let title = book
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| crate::lang::labels(&lang).collection.to_string());
    // The posts' author when they all share one.
    let author = book.author.clone().or_else(|| {
        let first = docs.first()?.meta.author.clone()?;
        docs.iter()
            .all(|d| d.meta.author.as_ref() == Some(&first))
            .then_some(first)
    });
    let meta = BookMeta {
        title: title.clone(),
        author: author.clone(),
        lang: lang.clone(),
    };
    let info = postprocess::Info {
        title,
        author: author.unwrap_or_default(),
        subject: String::new(),
        keywords: keywords(docs),
        // The newest post dates the book, so the same posts give the same file.
        date: docs
            .iter()
            .filter_map(|d| d.meta.date)
            .max_by_key(PostDate::naive),
        lang: Some(lang),
    };
    render(posts, &order, Some(&meta), &info, opts, out)
}

fn keywords(docs: &[Document]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in docs {
        for k in d.meta.categories.iter().chain(&d.meta.tags) {
            if !out.contains(k) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// As the posts declare it, else guessed from their prose (zh-Hans, zh-Hant, ja, ko, en).
fn language(docs: &[Document]) -> String {
    crate::lang::of_book(docs, None)
}

fn byline(doc: &Document) -> String {
    let mut parts = Vec::new();
    if let Some(date) = &doc.meta.date {
        parts.push(date.naive().format("%Y-%m-%d").to_string());
    }
    if let Some(author) = &doc.meta.author {
        parts.push(author.clone());
    }
    if !doc.meta.categories.is_empty() {
        parts.push(doc.meta.categories.join(" / "));
    }
    parts.join("  ·  ")
}

/// Finished pages on their way into the PDF: footers added, anchors and outline entries noted.
struct Bound<'f, 'o> {
    writer: emit::Writer<'f, 'o>,
    /// Footers have their own shaper: the layout's is busy making the items.
    footer_shaper: Shaper<'f>,
    frame: &'f Frame,
    book_title: Option<&'f str>,
    /// Index the next page will have in the finished document.
    next: usize,
    /// A book's title page and contents: numbered apart from the body.
    front: usize,
    anchors: HashMap<String, (usize, f32)>,
    marks: Vec<postprocess::Mark>,
    error: Option<PdfError>,
}

impl Bound<'_, '_> {
    fn page(&mut self, mut page: paginate::Page) {
        let index = self.next;
        self.next += 1;
        if self.book_title.is_none() || index > 0 {
            footer(
                &mut self.footer_shaper,
                &mut page,
                &page_label(index, self.front),
                self.frame,
                self.book_title,
            );
        }
        for (a, y) in &page.anchors {
            self.anchors.entry(a.id.clone()).or_insert((index, *y));
            if !a.title.is_empty() {
                self.marks.push(postprocess::Mark {
                    title: a.title.clone(),
                    level: a.level,
                    page: index,
                    y: *y,
                });
            }
        }
        if self.error.is_none() {
            if let Err(e) = self.writer.page(&page) {
                self.error = Some(e);
            }
        }
    }
}

/// Lays out `order` (the posts of `source` in book order) and writes the PDF to `out`;
/// returns the warnings.
fn render(
    source: &Posts<'_>,
    posts: &[Post],
    book: Option<&BookMeta>,
    info: &postprocess::Info,
    opts: &PdfOptions,
    out: &mut dyn std::io::Write,
) -> Result<Vec<String>, PdfError> {
    let mut warnings = Vec::new();
    let frame = Frame::new(opts);
    let (top, bottom) = (frame.top(), frame.bottom());
    let font_set = opts.fonts.unwrap_or_else(fonts::FontSet::builtin);
    let mut images = images::Images::new(opts.image_dpi);
    // The book's own pages (title, contents, footers) take the book's language's glyphs.
    let book_lang = fonts::TextLang::of(book.map(|b| b.lang.as_str()).or(info.lang.as_deref()));
    let mut shaper = Shaper::new(font_set);
    shaper.lang = book_lang;
    let mut layout = Layout::new(shaper, &mut images, frame.size, bottom - top);
    layout.indent = opts.indent;
    layout.narrow_margin = frame.margin < 8.0 * PT_PER_MM;
    layout.assets = opts.assets.clone();
    let (x, w) = (frame.margin, frame.text_width());

    // A book's title page and contents come first. Every post starts a page and the contents
    // reserve the width of their numbers, so their length is known before the body is laid
    // out: the body's page numbers are final as each page is written.
    // Only the pages are counted: the contents of a large book are not held.
    let front_pages = match book {
        Some(b) => {
            let mut pager = paginate::Paginator::new(top, bottom);
            let mut count = 0;
            front_matter(&mut layout, b, posts, &frame, &[], &mut |items| {
                for item in items {
                    pager.push(item, &mut |_| count += 1);
                }
            });
            pager.finish(&mut |_| count += 1);
            count
        }
        None => 0,
    };
    let sheet = emit::Sheet {
        width: frame.width,
        height: frame.height,
    };
    let mut bound = Bound {
        writer: emit::Writer::new(sheet, font_set, objects::FileWriter::new(out)?),
        footer_shaper: {
            let mut s = Shaper::new(font_set);
            s.lang = book_lang;
            s
        },
        frame: &frame,
        book_title: book.map(|b| b.title.as_str()),
        next: front_pages,
        front: front_pages,
        anchors: HashMap::new(),
        marks: Vec::new(),
        error: None,
    };
    let mut pager = paginate::Paginator::new(top, bottom);
    pager.set_foot_rule(paginate::FootRule {
        x,
        w: (w * 0.3).min(frame.size * 10.0),
        gap: frame.size * 1.2,
    });

    let grouped = posts.iter().any(|p| p.opens_group.is_some());
    // In a grouped book the outline reads group → post → headings.
    layout.level_offset = u8::from(grouped);
    // A link to another post of the book goes to its heading, else to its start.
    let chapters: HashMap<usize, usize> = posts
        .iter()
        .enumerate()
        .map(|(k, p)| (p.index, k))
        .collect();
    // Which links get an annotation: those that can have a target.
    let may_link = |href: &str| {
        href.starts_with('#')
            || match crate::book::links::chapter_link(href) {
                Some((doc, _)) => chapters.contains_key(&doc),
                None => has_web_scheme(href),
            }
    };
    // The tag elements the post before the last began with: every page that shows one of
    // them or an earlier one is written once the last post's pages begin.
    let mut done = 0;
    for (i, post) in posts.iter().enumerate() {
        // The previous post's article ends.
        layout.tags.close();
        let begins = layout.tags.next();
        hand_over(&mut bound.writer, &mut layout, &may_link, done)?;
        done = begins;
        if let Some(name) = &post.opens_group {
            let glyphs = heading_glyphs(&mut layout, name, frame.size * 1.2);
            let mut head = layout.text(&glyphs, x, w, Align::Left, 0.0, 1.6, 0.0);
            tag(&mut head, layout.tags.leaf("H1", None));
            if let Some(first) = head.first_mut() {
                first.break_before = true;
                first.anchor = Some(Anchor {
                    id: format!("g{i}"),
                    title: name.clone(),
                    level: 0,
                });
            }
            head.iter_mut().for_each(|h| h.keep_with_next = true);
            flow(&mut pager, &mut bound, head);
        }
        // The body is read now and dropped once its items are laid out.
        let (doc, problem) = source.load(post.index);
        warnings.extend(problem);
        let doc = doc.as_ref();
        layout.base_dir = doc.base_dir.clone();
        layout.images.next_post();
        layout.image_paths = doc.image_paths.clone();
        layout.shaper.scope = post.scope.clone();
        layout.shaper.lang =
            crate::fonts::TextLang::of(doc.lang.as_deref().or(doc.meta.lang.as_deref()));
        layout.lang = crate::lang::of(doc);
        layout.set_notes(&doc.blocks);
        // Each post is an article, in its own language where that is not the document's.
        let post_lang = doc.lang.clone().or_else(|| doc.meta.lang.clone());
        layout.tags.open(
            "Art",
            post_lang.filter(|l| Some(l.as_str()) != info.lang.as_deref()),
        );
        layout.shaper.math_budget = text::MATH_PER_POST;
        let title = doc.meta.title.clone().unwrap_or_default();
        let mut items = if title.trim().is_empty() && book.is_none() {
            Vec::new()
        } else {
            let title = if title.trim().is_empty() {
                format!("{}", i + 1)
            } else {
                title
            };
            let mut items = layout.title_block(&title, &byline(doc), x, w, &post_anchor(i));
            let role = tags::heading(layout.level_offset + 1);
            let (head, byline) = (layout.tags.leaf(role, None), layout.tags.leaf("P", None));
            // The title's lines are kept with the byline under them; the byline is the last.
            let last = items.len().saturating_sub(1);
            for (n, item) in items.iter_mut().enumerate() {
                item.tag = Some(if n == last && last > 0 { byline } else { head });
            }
            items
        };
        // The post's first item starts its page (or follows its group's heading).
        let mut started = false;
        let mut start = |items: &mut Vec<Item>| {
            if let Some(first) = items.first_mut().filter(|_| !started) {
                first.break_before = post.opens_group.is_none();
                first.space_before = if post.opens_group.is_none() {
                    0.0
                } else {
                    frame.size
                };
                started = true;
            }
        };
        start(&mut items);
        flow(&mut pager, &mut bound, items);
        layout.blocks_each(doc.body(), x, w, &mut |mut items| {
            start(&mut items);
            flow(&mut pager, &mut bound, items);
        });
        // The post's new images go to the file now; pages name them by index.
        for image in layout.images.take_new() {
            bound.writer.image(image)?;
        }
        // A page the file would not take (a full disk) stops the book here.
        if let Some(e) = bound.error.take() {
            return Err(e);
        }
    }
    pager.finish(&mut |page| bound.page(page));
    layout.tags.close();
    hand_over(&mut bound.writer, &mut layout, &may_link, done)?;

    if let Some(book) = book {
        let numbers: Vec<String> = (0..posts.len())
            .map(|i| {
                bound
                    .anchors
                    .get(&post_anchor(i))
                    .map(|(p, _)| page_label(*p, front_pages))
                    .unwrap_or_default()
            })
            .collect();
        let body_marks = std::mem::take(&mut bound.marks);
        bound.next = 0;
        bound.writer.front_begins();
        // Each page of the contents is written as it fills.
        let mut front_pager = paginate::Paginator::new(top, bottom);
        front_matter(&mut layout, book, posts, &frame, &numbers, &mut |items| {
            flow(&mut front_pager, &mut bound, items)
        });
        front_pager.finish(&mut |page| bound.page(page));
        let front_made = bound.next;
        if front_made != front_pages {
            return Err(PdfError::Write(format!(
                "the contents took {front_made} pages, {front_pages} were planned"
            )));
        }
        bound.marks.extend(body_marks);
        hand_over(&mut bound.writer, &mut layout, &may_link, done)?;
    }
    if let Some(e) = bound.error.take() {
        return Err(e);
    }

    let internal = |id: &str| {
        bound
            .anchors
            .get(id)
            .map(|(p, y)| emit::Target::Internal(*p, *y))
    };
    let targets: Vec<emit::Target> = layout
        .shaper
        .links
        .iter()
        .map(|href| match href.strip_prefix('#') {
            Some(id) => internal(id).unwrap_or(emit::Target::None),
            None => match crate::book::links::chapter_link(href) {
                Some((doc, frag)) => chapters
                    .get(&doc)
                    .and_then(|k| {
                        frag.and_then(|f| internal(&format!("{}{f}", post_anchor(*k))))
                            .or_else(|| internal(&post_anchor(*k)))
                    })
                    .unwrap_or(emit::Target::None),
                None if has_web_scheme(href) => emit::Target::Uri(href.trim().to_string()),
                // Other relative links have no meaning outside the blog: plain text.
                None => emit::Target::None,
            },
        })
        .collect();

    warnings.append(&mut layout.warnings);
    if !layout.not_fetched.is_empty() {
        warnings.push(format!(
            "{} remote image(s) not downloaded; pass --fetch-images to include them",
            layout.not_fetched.len()
        ));
    }
    if let Some(w) = layout.shaper.missing.warning() {
        warnings.push(w);
    }
    let mut tags = std::mem::take(&mut layout.tags);
    drop(layout);
    for image in images.take_new() {
        bound.writer.image(image)?;
    }
    let finished = bound.writer.finish(&targets)?;
    postprocess::finish(
        finished,
        info,
        &bound.marks,
        postprocess::Layout {
            page_height: frame.height,
            front_pages,
            archival: opts.archival,
        },
        &mut tags,
    )?;
    Ok(warnings)
}

/// Gives the pages written so far to the structure tree, with the layout's tags and links
/// (those `may_link` accepts get annotations), and writes the elements numbered below `done`.
fn hand_over(
    writer: &mut emit::Writer<'_, '_>,
    layout: &mut Layout<'_, '_>,
    may_link: &dyn Fn(&str) -> bool,
    done: u32,
) -> Result<(), PdfError> {
    let links = &layout.shaper.links;
    let live = |l: u32| links.get(l as usize).is_some_and(|href| may_link(href));
    writer.structure(&mut layout.tags, &live, done)
}

/// Puts laid-out items on pages, writing each page as it fills.
fn flow(pager: &mut paginate::Paginator, bound: &mut Bound, items: Vec<Item>) {
    for item in items {
        pager.push(item, &mut |page| bound.page(page));
    }
}

fn has_web_scheme(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|s| lower.starts_with(s))
}

fn post_anchor(i: usize) -> String {
    format!("p{i}/")
}

/// Title page and table of contents of a book, given to `out` a few items at a time (a
/// contents entry holds its leader dots: a large book's contents are not held whole).
/// `numbers` has the page number of each post, by its place in `posts`.
fn front_matter(
    layout: &mut Layout,
    book: &BookMeta,
    posts: &[Post],
    frame: &Frame,
    numbers: &[String],
    out: &mut dyn FnMut(Vec<Item>),
) {
    let (x, w) = (frame.margin, frame.text_width());
    let size = frame.size;
    out(vec![Item {
        height: (frame.bottom() - frame.top()) * 0.3,
        ..Item::default()
    }]);
    let style = Style {
        size: size * 2.4,
        bold: true,
        ..Style::body(size)
    };
    let glyphs = layout.shaper.glyphs(&book.title, style);
    let mut title = layout.text(&glyphs, x, w, Align::Center, 0.0, 1.35, 0.0);
    tag(&mut title, layout.tags.leaf("Title", None));
    out(title);
    if let Some(author) = &book.author {
        let style = Style {
            size: size * 1.2,
            color: GREY,
            ..Style::body(size)
        };
        let glyphs = layout.shaper.glyphs(author, style);
        let mut line = layout.text(&glyphs, x, w, Align::Center, 0.0, 1.5, size * 1.5);
        tag(&mut line, layout.tags.leaf("P", None));
        out(line);
    }
    let contents = crate::lang::labels(&book.lang).contents;
    let glyphs = heading_glyphs(layout, contents, size);
    let mut head = layout.text(&glyphs, x, w, Align::Left, 0.0, 1.4, 0.0);
    tag(&mut head, layout.tags.leaf("H1", None));
    layout.tags.open("TOC", None);
    if let Some(first) = head.first_mut() {
        first.break_before = true;
        first.anchor = Some(Anchor {
            id: "contents".into(),
            title: contents.into(),
            level: 0,
        });
        first.keep_with_next = true;
    }
    out(head);
    // Room for the page number: four digits.
    let digits = layout.shaper.glyphs("0000", Style::body(size));
    let num_w: f32 = digits.iter().map(|g| g.adv).sum::<f32>() + size;
    let indent = if posts.iter().any(|p| p.opens_group.is_some()) {
        size
    } else {
        0.0
    };
    for (i, post) in posts.iter().enumerate() {
        if let Some(name) = &post.opens_group {
            let style = Style {
                bold: true,
                ..Style::body(size)
            };
            let glyphs = layout.shaper.glyphs(name, style);
            let mut line = layout.text(&glyphs, x, w, Align::Left, 0.0, 1.6, size * 0.6);
            tag(&mut line, layout.tags.leaf("TOCI", None));
            line.iter_mut().for_each(|l| l.keep_with_next = true);
            out(line);
        }
        let id = post_anchor(i);
        let link = u32::try_from(layout.shaper.links.len()).ok();
        layout.shaper.links.push(format!("#{id}"));
        let style = Style {
            link,
            ..Style::body(size)
        };
        let title = post
            .head
            .meta
            .title
            .clone()
            .unwrap_or_else(|| format!("{}", i + 1));
        let glyphs = layout.shaper.glyphs(&title, style);
        let mut entry = layout.text(
            &glyphs,
            x + indent,
            w - num_w - indent,
            Align::Left,
            0.0,
            1.6,
            size * 0.3,
        );
        tag(&mut entry, layout.tags.leaf("TOCI", None));
        let number = numbers.get(i).cloned().unwrap_or_default();
        let num = layout.shaper.glyphs(&number, style);
        let nw: f32 = num.iter().map(|g| g.adv).sum();
        if let Some(Item { draws, .. }) = entry.last_mut() {
            let line = draws.iter().find_map(|d| match d {
                Draw::Text { baseline, glyphs } => {
                    let end = glyphs.last().map_or(x, |(gx, g)| gx + g.adv);
                    Some((*baseline, end))
                }
                _ => None,
            });
            let (baseline, title_end) = line.unwrap_or((size * 1.2, x));
            // Dot leaders from the title to its page number.
            let grey = Style {
                color: GREY,
                ..Style::body(size)
            };
            let dot = layout.shaper.glyphs(".", grey);
            if let Some(d) = dot.first().copied() {
                let step = size * 0.6;
                let mut at = ((title_end + size * 0.6) / step).ceil() * step;
                let mut leaders = Vec::new();
                while at + d.adv < x + w - nw - size * 0.4 {
                    leaders.push((at, d));
                    at += step;
                }
                if !leaders.is_empty() {
                    draws.push(Draw::Text {
                        baseline,
                        glyphs: leaders,
                    });
                }
            }
            draws.push(Draw::Text {
                baseline,
                glyphs: text::place(num, x + w - nw),
            });
        }
        out(entry);
    }
    layout.tags.close();
}

/// Marks items as showing one structure element.
fn tag(items: &mut [Item], mark: tags::Mark) {
    items.iter_mut().for_each(|i| i.tag = Some(mark));
}

fn heading_glyphs(layout: &mut Layout, s: &str, size: f32) -> Vec<text::Glyph> {
    let style = Style {
        size: size * 1.5,
        bold: true,
        ..Style::body(size)
    };
    layout.shaper.glyphs(s, style)
}

/// The number a page shows (and its `/PageLabels` entry says): a book's title page and
/// contents in lower-case roman numerals, its body from 1.
fn page_label(index: usize, front: usize) -> String {
    if index >= front {
        return (index - front + 1).to_string();
    }
    let mut n = index + 1;
    let mut out = String::new();
    for (value, numeral) in [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The page number (and a book's title) under the text.
fn footer(
    shaper: &mut Shaper,
    page: &mut paginate::Page,
    label: &str,
    frame: &Frame,
    title: Option<&str>,
) {
    let size = frame.footer_size();
    let style = Style {
        size,
        color: GREY,
        ..Style::body(size)
    };
    let baseline = frame.height - frame.margin;
    let (x, w) = (frame.margin, frame.text_width());
    let number = shaper.glyphs(label, style);
    let nw: f32 = number.iter().map(|g| g.adv).sum();
    let start = if title.is_some() {
        x + w - nw
    } else {
        x + (w - nw) / 2.0
    };
    page.front.push(Draw::Text {
        baseline,
        glyphs: text::place(number, start),
    });
    if let Some(t) = title {
        let glyphs = shaper.glyphs(t, style);
        // Long titles are cut to leave room for the number.
        let mut width = 0.0;
        let kept: Vec<_> = glyphs
            .into_iter()
            .take_while(|g| {
                width += g.adv;
                width < w - nw - size * 2.0
            })
            .collect();
        page.front.push(Draw::Text {
            baseline,
            glyphs: text::place(kept, x),
        });
    }
}
