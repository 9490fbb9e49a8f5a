//! Images for the PDF: loaded through `assets` (local files under the post's folder, downloads
//! only when asked), decoded once per source, sized to what the page needs, and held only as
//! the finished image stream (compressed) until the writer puts it in the file, so a book of
//! screenshots costs neither its pixels nor its file size.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use image::DynamicImage;

use crate::assets::{load_image, Asset, AssetOptions, MediaType};
use crate::imagecheck::{self, PixelBudget};

mod encode;
pub use encode::Encoded;

/// Resolution images are kept at for the size they are drawn (`--image-dpi`).
pub const DEFAULT_DPI: f32 = 200.0;

/// How far over the set resolution an image may be and still be kept as it is.
const DOWNSAMPLE_THRESHOLD: f32 = 1.5;

pub struct Loaded {
    pub index: usize,
    /// The image's own size in pixels (its natural size on the page), not the kept size.
    pub width: usize,
    pub height: usize,
}

/// The largest size, in points, an image can be drawn at: it is never kept finer than that at
/// the set resolution.
#[derive(Clone, Copy)]
pub struct Room {
    pub width: f32,
    pub height: f32,
}

pub struct Images {
    /// Distinct images encoded since the writer last took them (see [`Images::take_new`]),
    /// each once, as its PDF stream.
    pending: Vec<Encoded>,
    /// Images encoded so far: the index the next one gets.
    count: usize,
    /// Keyed by the post's folder too: two posts of a book may both have `photo.jpg`.
    by_src: HashMap<(Option<PathBuf>, String), Result<Loaded, String>>,
    /// The same picture under two names (a book whose posts each copy a logo) is stored once.
    by_content: HashMap<(u64, u32, u32), usize>,
    /// Decoded pixels left for this post or book (set from the options on the first image).
    budget: Option<PixelBudget>,
    dpi: f32,
}

impl Images {
    pub fn new(dpi: Option<f32>) -> Images {
        Images {
            pending: Vec::new(),
            count: 0,
            by_src: HashMap::new(),
            by_content: HashMap::new(),
            budget: None,
            dpi: dpi
                .filter(|d| d.is_finite() && *d > 0.0)
                .unwrap_or(DEFAULT_DPI)
                .clamp(36.0, 2400.0),
        }
    }

    /// The images encoded since the last call, in index order, for the writer to put in the
    /// file; only their indices are kept here.
    pub fn take_new(&mut self) -> Vec<Encoded> {
        std::mem::take(&mut self.pending)
    }

    /// The next post of a book starts: it has a pixel budget of its own.
    pub fn next_post(&mut self) {
        self.budget = None;
    }

    /// The image at `src`, kept fine enough to fill `room`, or why it cannot be shown (a
    /// warning for the user).
    pub fn load(
        &mut self,
        src: &str,
        base: Option<&Path>,
        opts: &AssetOptions,
        room: Room,
    ) -> Result<Loaded, String> {
        let key = (base.map(Path::to_path_buf), src.to_string());
        if let Some(done) = self.by_src.get(&key) {
            return done.as_ref().map(Loaded::clone).map_err(Clone::clone);
        }
        let result = read(src, base, opts).and_then(|asset| self.keep(src, asset, opts, room));
        self.by_src.insert(
            key,
            result.as_ref().map(Loaded::clone).map_err(Clone::clone),
        );
        result
    }

    fn keep(
        &mut self,
        src: &str,
        asset: Asset,
        opts: &AssetOptions,
        room: Room,
    ) -> Result<Loaded, String> {
        let (width, height) = (asset.width, asset.height);
        let target = self.target(width, height, room);
        let content = (content_hash(&asset.bytes), target.0, target.1);
        if let Some(&index) = self.by_content.get(&content) {
            return Ok(Loaded::of(index, width, height));
        }
        let budget = self
            .budget
            .get_or_insert_with(|| PixelBudget::new(opts.max_total_pixels));
        let (img, resized) = imagecheck::decode(src, &asset, budget)
            .map_err(|e| format!("{e}; its alt text is shown"))?;
        // A little over the need is kept as it is (Ghostscript's threshold): resampling a
        // screenshot by a small factor blurs its text and makes the stream larger, not smaller.
        let fits = (img.width() as f32) <= target.0 as f32 * DOWNSAMPLE_THRESHOLD
            && (img.height() as f32) <= target.1 as f32 * DOWNSAMPLE_THRESHOLD;
        let photo = asset.media_type == MediaType::Jpeg;
        let encoded = match (fits && !resized, asset.media_type) {
            // Files PDF can hold as they are: no pixels are re-encoded.
            (true, MediaType::Jpeg) => encode::jpeg(asset.bytes, img.width(), img.height()),
            (true, MediaType::Png) => encode::png(&asset.bytes),
            _ => None,
        }
        .map_or_else(|| encode::pixels(shrink(img, target, fits), photo), Ok)
        .map_err(|e| format!("image {src} could not be stored: {e}; its alt text is shown"))?;
        self.pending.push(encoded);
        let index = self.count;
        self.count += 1;
        self.by_content.insert(content, index);
        Ok(Loaded::of(index, width, height))
    }

    /// The most pixels worth keeping for an image drawn at most `room`, in its proportions.
    fn target(&self, width: u32, height: u32, room: Room) -> (u32, u32) {
        let (w, h) = (width.max(1) as f32, height.max(1) as f32);
        // Drawn at its natural size (96 px an inch) or shrunk into the room, never enlarged.
        let scale = (room.width / (w * 0.75))
            .min(room.height / (h * 0.75))
            .min(1.0);
        let need = |side: f32| (side * 0.75 * scale / 72.0 * self.dpi).ceil().max(1.0);
        // Kept no larger than the file: never upsampled.
        (
            (need(w) as u32).min(width.max(1)),
            (need(h) as u32).min(height.max(1)),
        )
    }
}

impl Loaded {
    fn of(index: usize, width: u32, height: u32) -> Loaded {
        Loaded {
            index,
            width: width.max(1) as usize,
            height: height.max(1) as usize,
        }
    }

    fn clone(&self) -> Loaded {
        Loaded { ..*self }
    }
}

fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Downsampled to `target` when larger (a triangle filter: smooth enough for screenshots and
/// photos at print resolution, and a fraction of Lanczos's cost).
fn shrink(img: DynamicImage, target: (u32, u32), fits: bool) -> DynamicImage {
    if fits {
        return img;
    }
    img.resize(target.0, target.1, image::imageops::FilterType::Triangle)
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
