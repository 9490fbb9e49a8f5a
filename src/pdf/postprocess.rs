//! The end of the file, once the pages are written: what printpdf 0.12 cannot say (the Info
//! dictionary, where it writes an empty `/GTS_PDFXVersion` and the 1970 epoch; `/Lang`; a
//! nested outline with positions, where its bookmarks are flat and point at page tops; a file
//! ID derived from the content instead of a random one), the structure tree, and the catalog
//! and fonts from its document.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::error::PdfError;
use super::objects::FileWriter;
use crate::meta::PostDate;

/// FNV-1a, 64 bit: a stable hash for subset tags and the file ID.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Default, Clone)]
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub date: Option<PostDate>,
    pub lang: Option<String>,
}

/// One outline entry: level 0 (a post in a book) to 6, and where it points.
#[derive(Debug, Clone)]
pub struct Mark {
    pub title: String,
    pub level: u8,
    pub page: usize,
    /// Distance from the page's top, in points.
    pub y: f32,
}

/// What `finish` needs to know of the pages and the standard.
pub struct Layout {
    pub page_height: f32,
    /// A book's title page and contents, numbered in roman numerals.
    pub front_pages: usize,
    /// PDF/A-2u.
    pub archival: bool,
}

/// sRGB (IEC 61966-2.1) from Debian's icc-profiles-free (zlib licence): the colours every
/// image and text of ours is in, which PDF/A needs stated.
const SRGB: &[u8] = include_bytes!("sRGB.icc");

fn output_intent(file: &mut FileWriter) -> Result<u32, PdfError> {
    // Compressed as the streams left to `compress_streams` are.
    let profile = match deflate_stream(SRGB) {
        packed if !packed.is_empty() && packed.len() + 19 < SRGB.len() => file.stream(
            Dictionary::from_iter(vec![
                ("N", Object::Integer(3)),
                ("Filter", Object::Name(b"FlateDecode".to_vec())),
            ]),
            &packed,
        )?,
        _ => file.stream(Dictionary::from_iter(vec![("N", Object::Integer(3))]), SRGB)?,
    };
    file.add(&Object::Dictionary(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal("sRGB IEC61966-2.1"),
        ),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference((profile, 0))),
    ])))
}

const PRODUCER: &str = "postbind (printpdf 0.12, lopdf)";

pub(super) fn text(s: &str) -> Object {
    // UTF-16BE with a byte order mark: the PDF text string that holds any script.
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSS` with the post's UTC offset when it has one.
pub fn pdf_date(date: &PostDate) -> String {
    let base = date.naive().format("D:%Y%m%d%H%M%S").to_string();
    format!("{base}{}", zone(date, "'", "'"))
}

/// The date's offset from UTC as PDF (`+08'00'`) or XMP (`+08:00`) write it: `Z` for UTC,
/// nothing for a date without one.
pub fn zone(date: &PostDate, between: &str, after: &str) -> String {
    match date {
        PostDate::Offset(_, off) => {
            let secs = off.local_minus_utc();
            if secs == 0 {
                return "Z".into();
            }
            let sign = if secs < 0 { '-' } else { '+' };
            let m = secs.unsigned_abs() / 60;
            format!("{sign}{:02}{between}{:02}{after}", m / 60, m % 60)
        }
        _ => String::new(),
    }
}

/// Writes what follows the pages: Info, outline, XMP, page labels, the structure tree, the
/// catalog and fonts (`fin.doc`), then the cross-reference table and trailer.
pub fn finish(
    fin: super::emit::Finished<'_>,
    info: &Info,
    marks: &[Mark],
    layout: Layout,
    tags: &mut super::tags::Tags,
) -> Result<(), PdfError> {
    let Layout {
        page_height,
        front_pages,
        archival,
    } = layout;
    let super::emit::Finished {
        mut doc,
        mut file,
        pages,
        tree,
    } = fin;
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Write(format!("no catalog: {e}")))?;

    let mut dict = Dictionary::new();
    dict.set("Title", text(&info.title));
    if !info.author.is_empty() {
        dict.set("Author", text(&info.author));
    }
    if !info.subject.is_empty() {
        dict.set("Subject", text(&info.subject));
    }
    if !info.keywords.is_empty() {
        dict.set("Keywords", text(&info.keywords.join(", ")));
    }
    dict.set("Creator", text("postbind"));
    dict.set("Producer", text(PRODUCER));
    if let Some(date) = &info.date {
        let d = Object::string_literal(pdf_date(date));
        dict.set("CreationDate", d.clone());
        dict.set("ModDate", d);
    }
    let info_id = file.add(&Object::Dictionary(dict))?;

    let outline = outline(&mut file, marks, &pages, page_height)?;
    // Left uncompressed, so tools that do not parse PDF still find it.
    let metadata = file.stream(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        &super::xmp::packet(info, PRODUCER, archival),
    )?;
    let intent = match archival {
        true => Some(output_intent(&mut file)?),
        false => None,
    };
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Write(format!("catalog: {e}")))?;
    if let Some(lang) = &info.lang {
        catalog.set("Lang", Object::string_literal(lang.as_str()));
    }
    catalog.set("Metadata", Object::Reference((metadata, 0)));
    if let Some(intent) = intent {
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Reference((intent, 0))]),
        );
    }
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    // Viewers show the numbers printed on the pages: a book's front matter in roman numerals.
    let style = |s: &[u8]| Dictionary::from_iter(vec![("S", Object::Name(s.to_vec()))]);
    let mut nums = Vec::new();
    if front_pages > 0 {
        nums.extend([Object::Integer(0), style(b"r").into()]);
    }
    nums.extend([Object::Integer(front_pages as i64), style(b"D").into()]);
    catalog.set(
        "PageLabels",
        Dictionary::from_iter(vec![("Nums", Object::Array(nums))]),
    );
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference((outline, 0)));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    tree.finish(&mut doc, &mut file, tags)?;

    // What printpdf made and nothing uses goes (the pages, written already, are not in `doc`:
    // the page tree node keeps their resources).
    // printpdf's own Info (an empty `/GTS_PDFXVersion`, the 1970 epoch) goes with the rest.
    doc.trailer = Dictionary::from_iter(vec![("Root", Object::Reference(root))]);
    doc.prune_objects();
    compress_streams(&mut doc);
    for (&(id, _), object) in &doc.objects {
        file.put(id, object)?;
    }
    let mut hash = Fnv(file.hash().finish());
    hash.write(info.title.as_bytes());
    let id = format!(
        "{:016x}{:016x}",
        hash.finish(),
        hash.finish().rotate_left(17) ^ 0x5bd1_e995
    );
    let id = Object::String(id.into_bytes(), StringFormat::Hexadecimal);
    file.finish(Dictionary::from_iter(vec![
        ("Root", Object::Reference(root)),
        ("Info", Object::Reference((info_id, 0))),
        ("ID", Object::Array(vec![id.clone(), id])),
    ]))
}

/// The deflate level of the streams printpdf leaves uncompressed but the font programs: the
/// ToUnicode maps and the like (content and image streams are compressed when they are made).
/// Level 2 costs a fifth of lopdf's level 9 for maps 7% larger; `examples/deflate_levels.rs`
/// measures it.
pub const STREAM_LEVEL: u32 = 2;

/// The deflate level of page content (text operators, glyph codes and kerns). Against level 6,
/// over 300 sample posts: PDFs 0.7% larger, 2.6% fewer instructions a post.
pub const CONTENT_LEVEL: u32 = 2;

/// The deflate level of font programs. TrueType outlines barely compress: over 30 sample
/// posts' subsets (4.0 MB), level 1 packs to 82.5% in 33 ms, level 2 to 73.1% in 60 ms, level
/// 9 to 70.5% in 140 ms (`examples/deflate_levels.rs`).
pub const FONT_LEVEL: u32 = 1;

/// Compresses, once, every stream that has no filter and allows it (lopdf's
/// `Document::compress` would use level 9): font programs at [`FONT_LEVEL`], the rest at
/// [`STREAM_LEVEL`]; each is marked so nothing compresses it again. A stream made already
/// compressed (with `deflate_stream`) is passed over: it has its `/Filter`.
pub fn compress_streams(doc: &mut Document) {
    let mut text = flate2::Compress::new(flate2::Compression::new(STREAM_LEVEL), true);
    let mut font = flate2::Compress::new(flate2::Compression::new(FONT_LEVEL), true);
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        // `/Length1` marks a TrueType program (FontFile2), `/Subtype` a CFF one (FontFile3).
        let is_font = stream.dict.has(b"Length1")
            || matches!(
                stream.dict.get(b"Subtype").and_then(Object::as_name),
                Ok(b"OpenType" | b"CIDFontType0C" | b"Type1C")
            );
        let z = if is_font { &mut font } else { &mut text };
        if let Some(packed) = deflate_with(z, &stream.content) {
            // As lopdf does: kept raw when compressing does not pay for the filter entry.
            if packed.len() + 19 < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
        stream.allows_compression = false;
    }
}

/// `bytes` as a zlib (`FlateDecode`) stream at [`STREAM_LEVEL`]: what a writer that makes a
/// stream (a font program, a ToUnicode map) sets as its content, with `/Filter /FlateDecode`
/// and `allows_compression = false`, so that nothing compresses it again.
pub fn deflate_stream(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::Compress::new(flate2::Compression::new(STREAM_LEVEL), true);
    deflate_with(&mut z, bytes).unwrap_or_default()
}

/// One zlib stream from a compressor reused across streams (its tables are set up once).
pub(super) fn deflate_with(z: &mut flate2::Compress, bytes: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let before = z.total_in();
        let at = usize::try_from(before).ok()?;
        let status = z
            .compress_vec(bytes.get(at..)?, &mut out, flate2::FlushCompress::Finish)
            .ok()?;
        if status == flate2::Status::StreamEnd {
            return Some(out);
        }
        out.reserve(out.capacity().max(1024));
    }
}

/// Builds the outline tree: each entry under the nearest earlier entry of a lower level.
/// Each entry is written as soon as it is made: a book has one per post and heading.
fn outline(
    file: &mut FileWriter,
    marks: &[Mark],
    pages: &[ObjectId],
    page_height: f32,
) -> Result<Option<u32>, PdfError> {
    if marks.is_empty() {
        return Ok(None);
    }
    let root = (file.reserve(), 0);
    let first = file.reserve_many(marks.len());
    let ids: Vec<ObjectId> = (0..marks.len()).map(|i| (first + i as u32, 0)).collect();
    // parent[i]: index of the parent entry, None for the top level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(marks.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&s| marks.get(s).is_some_and(|p| p.level >= m.level))
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // Children in order, gathered in one pass: a post may have a heading per line.
    let mut top: Vec<usize> = Vec::new();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); marks.len()];
    for (i, p) in parent.iter().enumerate() {
        match p.and_then(|p| kids.get_mut(p)) {
            Some(list) => list.push(i),
            None => top.push(i),
        }
    }
    // Descendant counts, deepest first (entries come after their parents).
    let mut count = vec![0i64; marks.len()];
    for i in (0..marks.len()).rev() {
        if let Some(Some(p)) = parent.get(i) {
            let add = count.get(i).copied().unwrap_or(0) + 1;
            if let Some(c) = count.get_mut(*p) {
                *c += add;
            }
        }
    }
    let link_siblings =
        |file: &mut FileWriter, list: &[usize], parent_id: ObjectId| -> Result<(), PdfError> {
            for (k, &i) in list.iter().enumerate() {
                let (Some(m), Some(&id)) = (marks.get(i), ids.get(i)) else {
                    continue;
                };
                let Some(&page) = pages.get(m.page).or(pages.last()) else {
                    continue;
                };
                let mut d = Dictionary::new();
                d.set("Title", text(&m.title));
                d.set("Parent", Object::Reference(parent_id));
                d.set(
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(page),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Null,
                        Object::Real(page_height - m.y),
                        Object::Null,
                    ]),
                );
                if k > 0 {
                    if let Some(&prev) = list.get(k - 1).and_then(|p| ids.get(*p)) {
                        d.set("Prev", Object::Reference(prev));
                    }
                }
                if let Some(&next) = list.get(k + 1).and_then(|n| ids.get(*n)) {
                    d.set("Next", Object::Reference(next));
                }
                let own = kids.get(i).map(Vec::as_slice).unwrap_or_default();
                if let (Some(&first), Some(&last)) = (
                    own.first().and_then(|k| ids.get(*k)),
                    own.last().and_then(|k| ids.get(*k)),
                ) {
                    d.set("First", Object::Reference(first));
                    d.set("Last", Object::Reference(last));
                    d.set("Count", Object::Integer(count.get(i).copied().unwrap_or(0)));
                }
                file.put(id.0, &Object::Dictionary(d))?;
            }
            Ok(())
        };
    link_siblings(file, &top, root)?;
    for (i, list) in kids.iter().enumerate() {
        let Some(&id) = ids.get(i) else { continue };
        link_siblings(file, list, id)?;
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (
        top.first().and_then(|k| ids.get(*k)),
        top.last().and_then(|k| ids.get(*k)),
    ) {
        d.set("First", Object::Reference(first));
        d.set("Last", Object::Reference(last));
    }
    d.set("Count", Object::Integer(marks.len() as i64));
    file.put(root.0, &Object::Dictionary(d))?;
    Ok(Some(root.0))
}
