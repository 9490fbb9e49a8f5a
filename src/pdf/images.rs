//! Images for the PDF: loaded through `assets` (local files under the post's folder, downloads
//! only when asked), decoded once per source, and kept for embedding.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use printpdf::RawImage;

use crate::assets::{load_image, AssetOptions, MediaType};

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
}

impl Images {
    /// The image at `src`, or why it cannot be shown (a warning for the user).
    pub fn load(
        &mut self,
        src: &str,
        base: Option<&Path>,
        opts: &AssetOptions,
    ) -> Result<Loaded, String> {
        let key = (base.map(Path::to_path_buf), src.to_string());
        if !self.by_src.contains_key(&key) {
            let result = read(src, base, opts).and_then(|(bytes, media)| {
                let mut notes = Vec::new();
                let raw = RawImage::decode_from_bytes(&bytes, &mut notes).map_err(|e| {
                    // Decoder messages may span lines; a warning is one.
                    let e = e.split_whitespace().collect::<Vec<_>>().join(" ");
                    format!("image {src} could not be decoded ({e}); its alt text is shown")
                })?;
                let jpeg = (media == MediaType::Jpeg)
                    .then(|| jpeg_components(&bytes))
                    .flatten()
                    .filter(|c| *c == 1 || *c == 3)
                    .map(|components| Jpeg { bytes, components });
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

fn read(
    src: &str,
    base: Option<&Path>,
    opts: &AssetOptions,
) -> Result<(Vec<u8>, MediaType), String> {
    let asset = load_image(base, src, opts).map_err(|e| e.to_string())?;
    match asset.media_type {
        // A GIF shows its first frame, as in print.
        media @ (MediaType::Jpeg | MediaType::Png | MediaType::Gif | MediaType::WebP) => {
            Ok((asset.bytes, media))
        }
        other => Err(format!(
            "image {src} is {}, which the PDF writer does not embed (JPEG, PNG, GIF and WebP only); its alt text is shown",
            other.mime()
        )),
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
