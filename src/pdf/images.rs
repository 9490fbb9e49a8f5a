//! Images for the PDF: read local files under the post's folder (never outside it), decode
//! them once per source, and keep them for embedding.

use std::collections::HashMap;
use std::path::Path;

use printpdf::RawImage;

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
                RawImage::decode_from_bytes(&bytes, &mut notes)
                    .map_err(|e| format!("image {src} could not be decoded ({e}); its alt text is shown"))
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
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        let why = if fetch {
            "remote images are not fetched by the PDF writer yet"
        } else {
            "remote images are only fetched with --fetch-images"
        };
        return Err(format!("image {src} not embedded: {why}; its alt text is shown"));
    }
    if lower.starts_with("data:") {
        return Err("inline data: images are not embedded; the alt text is shown".into());
    }
    let base = base.ok_or_else(|| {
        format!("image {src} not embedded: no post folder to resolve it against (standard input)")
    })?;
    let rel = src.split(['?', '#']).next().unwrap_or(src);
    let rel = rel.trim_start_matches("./");
    let root = base
        .canonicalize()
        .map_err(|e| format!("post folder {}: {e}", base.display()))?;
    let path = root.join(rel);
    let path = path
        .canonicalize()
        .map_err(|_| format!("image {src} not found next to the post; its alt text is shown"))?;
    if !path.starts_with(&root) {
        return Err(format!("image {src} is outside the post's folder and was not read"));
    }
    std::fs::read(&path).map_err(|e| format!("image {src}: {e}"))
}
