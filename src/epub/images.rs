//! The images of the posts and the cover: loaded through [`crate::assets`], packaged once each,
//! or left as links and alt text.

use std::collections::HashMap;

use crate::assets::{is_remote, load_images, Asset, AssetError, MediaType};
use crate::imagecheck::{self, PixelBudget};
use crate::tree::{Block, Document, Inline};

use super::pages::cover_href;
use super::xhtml::{self, ImageRef};
use super::EpubOptions;

pub(super) fn collect_images(blocks: &[Block], out: &mut Vec<String>, all_alt: &mut bool) {
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
            Block::Footnote(n) => collect_images(&n.blocks, out, all_alt),
            Block::Callout(c) => {
                inlines(&c.title, out, all_alt);
                collect_images(&c.blocks, out, all_alt);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    inlines(&d.term, out, all_alt);
                    d.details
                        .iter()
                        .for_each(|x| collect_images(x, out, all_alt));
                }
            }
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
        }
    }
}

/// Load a post's images; returns what each source became and how many remote ones were skipped.
pub(super) fn load_doc_images(
    doc: &Document,
    srcs: &[String],
    opts: &EpubOptions,
    packaged: &mut Packaged,
    warnings: &mut Vec<String>,
    budget: &mut PixelBudget,
) -> (HashMap<String, ImageRef>, usize) {
    let mut unique: Vec<&str> = Vec::new();
    for s in srcs {
        if !unique.contains(&s.as_str()) {
            unique.push(s);
        }
    }
    let paths: Vec<&str> = unique.iter().map(|s| doc.image_path(s)).collect();
    let results = load_images(doc.base_dir.as_deref(), &paths, &opts.assets);
    let mut map = HashMap::new();
    let mut skipped = 0;
    for (src, result) in unique.into_iter().zip(results) {
        let url = src.trim();
        let url = if url.starts_with("//") {
            format!("https:{url}")
        } else {
            url.to_string()
        };
        let fallback = match xhtml::web_url(&url) {
            Some(url) if is_remote(src) => ImageRef::Link(url),
            _ => ImageRef::Missing,
        };
        // Decoded whole, within the budget, as the PDF writer would: nothing it refuses is
        // packaged for a reader to choke on. EPUB 3.2 readers need not show WebP: it is
        // packaged as PNG.
        let result = result.and_then(|a| {
            imagecheck::verify(src, &a, budget)?;
            match a.media_type {
                MediaType::WebP => webp_to_png(&a.bytes).ok_or_else(|| AssetError::Read {
                    src: src.to_string(),
                    reason: "a WebP image that could not be decoded".into(),
                }),
                _ => Ok(a),
            }
        });
        let r = match result {
            Ok(a) => {
                // Identical bytes are packaged once, the cover included.
                let href = packaged.add(a.bytes, a.media_type);
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

/// The images packaged so far, each once by its bytes (the cover's too); a new one waits in
/// `fresh` until the writer puts it in the archive, and only its name and type are kept.
pub(super) struct Packaged {
    seen: HashMap<(u64, usize), String>,
    /// Every image packaged: its name below `OEBPS/` and type, for the manifest.
    pub list: Vec<(String, MediaType)>,
    /// Images packaged since the writer last took them: name and bytes.
    pub fresh: Vec<(String, Vec<u8>)>,
}

impl Packaged {
    pub(super) fn new(cover: Option<&(Vec<u8>, MediaType)>) -> Packaged {
        let mut seen = HashMap::new();
        if let Some((bytes, media)) = cover {
            seen.insert(key(bytes), cover_href(*media));
        }
        Packaged {
            seen,
            list: Vec::new(),
            fresh: Vec::new(),
        }
    }

    /// The name `bytes` are packaged under, packaging them if they are new.
    fn add(&mut self, bytes: Vec<u8>, media: MediaType) -> String {
        use std::collections::hash_map::Entry;
        match self.seen.entry(key(&bytes)) {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(new) => {
                let href = format!(
                    "images/img-{:03}.{}",
                    self.list.len() + 1,
                    media.extension()
                );
                new.insert(href.clone());
                self.list.push((href.clone(), media));
                self.fresh.push((href.clone(), bytes));
                href
            }
        }
    }
}

/// What identifies an image's bytes: a 64-bit hash and the length.
fn key(bytes: &[u8]) -> (u64, usize) {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    (h.finish(), bytes.len())
}

/// A WebP image (already verified) re-encoded as PNG, its first frame.
fn webp_to_png(bytes: &[u8]) -> Option<Asset> {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP).ok()?;
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(Asset {
        bytes: out.into_inner(),
        media_type: MediaType::Png,
        width: image.width(),
        height: image.height(),
    })
}

pub(super) fn load_cover(
    doc: &Document,
    opts: &EpubOptions,
    warnings: &mut Vec<String>,
    budget: &mut PixelBudget,
) -> Option<(Vec<u8>, MediaType)> {
    let src = doc.meta.cover.as_deref()?.trim();
    if src.is_empty() {
        return None;
    }
    let loaded =
        crate::assets::load_image(doc.base_dir.as_deref(), doc.image_path(src), &opts.assets)
            .and_then(|a| imagecheck::verify(src, &a, budget).map(|()| a));
    match loaded {
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
