//! Images for the PDF: loaded through `assets` (local files under the post's folder, downloads
//! only when asked), decoded once per source, and kept for embedding.

use std::collections::HashMap;
use std::path::Path;

use printpdf::RawImage;

use crate::assets::{load_image, AssetOptions, MediaType};

pub struct Loaded {
    pub index: usize,
    pub width: usize,
    pub height: usize,
}

#[derive(Default)]
pub struct Images {
    pub decoded: Vec<RawImage>,
    by_src: HashMap<String, Result<usize, String>>,
}

impl Images {
    /// The image at `src`, or why it cannot be shown (a warning for the user).
    pub fn load(&mut self, src: &str, base: Option<&Path>, fetch: bool) -> Result<Loaded, String> {
        if !self.by_src.contains_key(src) {
            let result = read(src, base, fetch).and_then(|bytes| {
                let mut notes = Vec::new();
                RawImage::decode_from_bytes(&bytes, &mut notes).map_err(|e| {
                    format!("image {src} could not be decoded ({e}); its alt text is shown")
                })
            });
            let entry = result.map(|img| {
                self.decoded.push(img);
                self.decoded.len() - 1
            });
            self.by_src.insert(src.to_string(), entry);
        }
        match self.by_src.get(src) {
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

fn read(src: &str, base: Option<&Path>, fetch: bool) -> Result<Vec<u8>, String> {
    let opts = AssetOptions {
        fetch,
        ..AssetOptions::default()
    };
    let asset = load_image(base, src, &opts).map_err(|e| format!("{e}; its alt text is shown"))?;
    match asset.media_type {
        MediaType::Jpeg | MediaType::Png => Ok(asset.bytes),
        other => Err(format!(
            "image {src} is {}, which the PDF writer does not embed (JPEG and PNG only); its alt text is shown",
            other.mime()
        )),
    }
}
