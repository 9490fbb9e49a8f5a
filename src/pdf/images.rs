//! Images for the PDF: loaded through `assets` (local files under the post's folder, downloads
//! only when asked), decoded once per source, and kept for embedding.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use image::DynamicImage;
use printpdf::{RawImage, RawImageData, RawImageFormat};

use crate::assets::{load_image, Asset, AssetOptions, MediaType};
use crate::imagecheck::{self, PixelBudget};

pub struct Loaded {
    pub index: usize,
    pub width: usize,
    pub height: usize,
}

/// A JPEG file that can go into the PDF as it is (`DCTDecode`), instead of re-compressed
/// pixels several times its size.
pub struct Jpeg {
    pub bytes: Vec<u8>,
    pub components: u8,
}

#[derive(Default)]
pub struct Images {
    pub decoded: Vec<RawImage>,
    /// The original file of each decoded image, when it can be embedded unchanged.
    pub jpegs: Vec<Option<Jpeg>>,
    /// Keyed by the post's folder too: two posts of a book may both have `photo.jpg`.
    by_src: HashMap<(Option<PathBuf>, String), Result<usize, String>>,
    /// Decoded pixels left for this post or book (set from the options on the first image).
    budget: Option<PixelBudget>,
}

impl Images {
    /// The next post of a book starts: it has a pixel budget of its own.
    pub fn next_post(&mut self) {
        self.budget = None;
    }

    /// The image at `src`, or why it cannot be shown (a warning for the user).
    pub fn load(
        &mut self,
        src: &str,
        base: Option<&Path>,
        opts: &AssetOptions,
    ) -> Result<Loaded, String> {
        let key = (base.map(Path::to_path_buf), src.to_string());
        if !self.by_src.contains_key(&key) {
            let budget = self
                .budget
                .get_or_insert_with(|| PixelBudget::new(opts.max_total_pixels));
            let result = read(src, base, opts).and_then(|asset| {
                let (img, resized) = imagecheck::decode(src, &asset, budget)
                    .map_err(|e| format!("{e}; its alt text is shown"))?;
                let raw = raw_image(img);
                // A downsampled JPEG is not the original file any more.
                let jpeg = (asset.media_type == MediaType::Jpeg && !resized)
                    .then(|| jpeg_components(&asset.bytes))
                    .flatten()
                    .filter(|c| *c == 1 || *c == 3)
                    .map(|components| Jpeg {
                        bytes: asset.bytes,
                        components,
                    });
                Ok((raw, jpeg))
            });
            let entry = result.map(|(img, jpeg)| {
                self.decoded.push(img);
                self.jpegs.push(jpeg);
                self.decoded.len() - 1
            });
            self.by_src.insert(key.clone(), entry);
        }
        match self.by_src.get(&key) {
            Some(Ok(index)) => {
                let img = self.decoded.get(*index).ok_or("image table out of step")?;
                Ok(Loaded {
                    index: *index,
                    width: img.width.max(1),
                    height: img.height.max(1),
                })
            }
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("image {src} was not loaded")),
        }
    }
}

fn read(src: &str, base: Option<&Path>, opts: &AssetOptions) -> Result<Asset, String> {
    let asset = load_image(base, src, opts).map_err(|e| e.to_string())?;
    match asset.media_type {
        // A GIF shows its first frame, as in print.
        MediaType::Jpeg | MediaType::Png | MediaType::Gif | MediaType::WebP => Ok(asset),
        other => Err(format!(
            "image {src} is {}, which the PDF writer does not embed (JPEG, PNG, GIF and WebP only); its alt text is shown",
            other.mime()
        )),
    }
}

/// The pixels as printpdf takes them: 8 bits a sample, grey or RGB, with or without alpha.
fn raw_image(img: DynamicImage) -> RawImage {
    let (width, height) = (img.width() as usize, img.height() as usize);
    let (pixels, data_format) = match img {
        DynamicImage::ImageLuma8(b) => (b.into_raw(), RawImageFormat::R8),
        DynamicImage::ImageLumaA8(b) => (b.into_raw(), RawImageFormat::RG8),
        DynamicImage::ImageRgb8(b) => (b.into_raw(), RawImageFormat::RGB8),
        DynamicImage::ImageRgba8(b) => (b.into_raw(), RawImageFormat::RGBA8),
        other if other.color().has_alpha() => {
            (other.into_rgba8().into_raw(), RawImageFormat::RGBA8)
        }
        other => (other.into_rgb8().into_raw(), RawImageFormat::RGB8),
    };
    RawImage {
        pixels: RawImageData::U8(pixels),
        width,
        height,
        data_format,
        tag: Vec::new(),
    }
}

/// printpdf writes decoded pixels uncompressed: deflate every image stream (and soft mask)
/// that has no filter yet, so a large photo costs its compressed size in the file.
pub fn compress_images(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Image");
        if !is_image || stream.dict.has(b"Filter") {
            continue;
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        if z.write_all(&stream.content).is_err() {
            continue;
        }
        let Ok(packed) = z.finish() else { continue };
        if packed.len() < stream.content.len() {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
        stream.allows_compression = false;
    }
}

/// The colour components of an 8-bit baseline or progressive JPEG, read from its frame header.
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    loop {
        let (&ff, &marker) = (bytes.get(at)?, bytes.get(at + 1)?);
        if ff != 0xFF {
            return None;
        }
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        match marker {
            // SOF0 baseline, SOF1 extended, SOF2 progressive: what PDF's DCTDecode reads.
            0xC0..=0xC2 => {
                let precision = *bytes.get(at + 4)?;
                let components = *bytes.get(at + 9)?;
                return (precision == 8).then_some(components);
            }
            // Other frame types (lossless, arithmetic, hierarchical) or the scan start.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDA => return None,
            _ => at += 2 + len,
        }
    }
}

/// Swaps the re-compressed pixels printpdf wrote for the original JPEG files.
pub fn pass_through_jpegs(
    doc: &mut lopdf::Document,
    jpegs: Vec<Option<Jpeg>>,
    names: impl Fn(usize) -> String,
) {
    use lopdf::Object;
    let Some(page) = doc.get_pages().into_values().next() else {
        return;
    };
    let xobjects = doc
        .get_dictionary(page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .and_then(|r| r.get(b"XObject"))
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .cloned();
    let Ok(xobjects) = xobjects else { return };
    for (i, jpeg) in jpegs.into_iter().enumerate() {
        let Some(jpeg) = jpeg else { continue };
        let Ok(id) = xobjects
            .get(names(i).as_bytes())
            .and_then(Object::as_reference)
        else {
            continue;
        };
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let colour: &[u8] = if jpeg.components == 1 {
            b"DeviceGray"
        } else {
            b"DeviceRGB"
        };
        stream.dict.set("ColorSpace", Object::Name(colour.to_vec()));
        stream.dict.set("BitsPerComponent", Object::Integer(8));
        stream
            .dict
            .set("Filter", Object::Name(b"DCTDecode".to_vec()));
        stream.dict.remove(b"DecodeParms");
        stream.set_content(jpeg.bytes);
        // Already compressed: deflating it again gains nothing.
        stream.allows_compression = false;
    }
}
