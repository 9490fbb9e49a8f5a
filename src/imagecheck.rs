//! Decoding images within a budget: what an image costs is known from its header before a
//! byte of pixels is allocated, so a post cannot make postbind hold more than its budget, and
//! an image that does not decode whole (truncated, 0 × 0, a frame bomb) is refused the same
//! way by every writer.

use std::io::Cursor;

use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageReader, Limits};

use crate::assets::{Asset, AssetError, MediaType};

/// Decoded pixels (width × height, every frame counted) one post, or one book, may use,
/// unless `--max-total-pixels` changes it.
pub const DEFAULT_MAX_TOTAL_PIXELS: u64 = 400_000_000;

/// The longest side an image is kept at once decoded for the PDF: about 300 dpi across an A4
/// column. Larger images are downsampled before they are held.
pub const MAX_KEPT_SIDE: u32 = 2000;

/// Images with more pixels than this are decoded one at a time across the whole process, so
/// posts converted in parallel do not each hold a large decode at once.
const LARGE_IMAGE_PIXELS: u64 = 16_000_000;

static LARGE_DECODE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Held while a large image is decoded (a panic elsewhere does not stop the others).
fn large_decode_turn(pixels: u64) -> Option<std::sync::MutexGuard<'static, ()>> {
    (pixels > LARGE_IMAGE_PIXELS).then(|| LARGE_DECODE.lock().unwrap_or_else(|p| p.into_inner()))
}

/// Frames an animated image may have.
const MAX_FRAMES: u64 = 1000;

/// What is left of a post's (or book's) pixel budget.
#[derive(Debug, Clone, Copy)]
pub struct PixelBudget {
    left: u64,
    total: u64,
}

impl PixelBudget {
    pub fn new(total: u64) -> Self {
        PixelBudget { left: total, total }
    }

    /// Takes `pixels` from the budget, or refuses without taking anything.
    fn take(&mut self, src: &str, pixels: u64) -> Result<(), AssetError> {
        if pixels > self.left {
            return Err(AssetError::PixelBudget {
                src: src.to_string(),
                limit: self.total,
            });
        }
        self.left -= pixels;
        Ok(())
    }

    fn give_back(&mut self, pixels: u64) {
        self.left = self.left.saturating_add(pixels).min(self.total);
    }
}

/// No image is decoded into more than this, whatever its pixel count (a 100-megapixel
/// 16-bit RGBA image would take 800 MB); the `image` crate's own default.
const MAX_DECODED_BYTES: u64 = 512 * 1024 * 1024;

fn undecodable(src: &str, reason: impl std::fmt::Display) -> AssetError {
    // Decoder messages may span lines; a warning is one.
    let reason = reason.to_string();
    AssetError::Undecodable {
        src: src.to_string(),
        reason: reason.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Limits that stop a decoder that finds more than the header declared.
fn limits(asset: &Asset) -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(asset.width.max(1));
    l.max_image_height = Some(asset.height.max(1));
    // Eight bytes a pixel covers 16-bit RGBA; a margin for the decoder's own buffers.
    let pixels = u64::from(asset.width) * u64::from(asset.height);
    l.max_alloc = Some(
        pixels
            .saturating_mul(8)
            .saturating_add(16 << 20)
            .min(MAX_DECODED_BYTES),
    );
    l
}

fn check_size(src: &str, asset: &Asset) -> Result<u64, AssetError> {
    if asset.width == 0 || asset.height == 0 {
        return Err(AssetError::Empty(src.to_string()));
    }
    Ok(u64::from(asset.width) * u64::from(asset.height))
}

/// The first frame of a raster image, decoded within `budget` and downsampled so that no side
/// is longer than [`MAX_KEPT_SIDE`]; the flag says whether it was.
pub fn decode(
    src: &str,
    asset: &Asset,
    budget: &mut PixelBudget,
) -> Result<(DynamicImage, bool), AssetError> {
    let pixels = check_size(src, asset)?;
    budget.take(src, pixels)?;
    let _turn = large_decode_turn(pixels);
    let mut reader = ImageReader::new(Cursor::new(&asset.bytes))
        .with_guessed_format()
        .map_err(|e| undecodable(src, e))?;
    reader.limits(limits(asset));
    let img = reader.decode().map_err(|e| undecodable(src, e))?;
    if img.width() == 0 || img.height() == 0 {
        return Err(AssetError::Empty(src.to_string()));
    }
    if img.width().max(img.height()) > MAX_KEPT_SIDE {
        Ok((img.thumbnail(MAX_KEPT_SIDE, MAX_KEPT_SIDE), true))
    } else {
        Ok((img, false))
    }
}

/// Checks that a raster image decodes whole, every frame of an animation included, within
/// `budget`; the EPUB writer packages only what passes, so readers get nothing the PDF writer
/// would refuse.
pub fn verify(src: &str, asset: &Asset, budget: &mut PixelBudget) -> Result<(), AssetError> {
    if asset.media_type == MediaType::Svg {
        return Ok(()); // rewritten from an allow-list already (crate::svg)
    }
    let pixels = check_size(src, asset)?;
    let cursor = Cursor::new(asset.bytes.as_slice());
    // A GIF's turn is taken here; `decode` and the APNG branch take their own.
    let _turn = matches!(asset.media_type, MediaType::Gif)
        .then(|| large_decode_turn(pixels))
        .flatten();
    match asset.media_type {
        MediaType::Gif => {
            let mut decoder =
                image::codecs::gif::GifDecoder::new(cursor).map_err(|e| undecodable(src, e))?;
            decoder
                .set_limits(limits(asset))
                .map_err(|e| undecodable(src, e))?;
            frames(src, decoder.into_frames(), pixels, budget)
        }
        MediaType::Png => {
            let mut decoder =
                image::codecs::png::PngDecoder::new(cursor).map_err(|e| undecodable(src, e))?;
            decoder
                .set_limits(limits(asset))
                .map_err(|e| undecodable(src, e))?;
            if decoder.is_apng().map_err(|e| undecodable(src, e))? {
                let _turn = large_decode_turn(pixels);
                let apng = decoder.apng().map_err(|e| undecodable(src, e))?;
                frames(src, apng.into_frames(), pixels, budget)
            } else {
                decode(src, asset, budget).map(drop)
            }
        }
        MediaType::Jpeg | MediaType::WebP | MediaType::Svg => decode(src, asset, budget).map(drop),
    }
}

fn frames(
    src: &str,
    frames: image::Frames<'_>,
    pixels: u64,
    budget: &mut PixelBudget,
) -> Result<(), AssetError> {
    let mut frames = frames;
    let mut count = 0u64;
    loop {
        // Each frame is composed on the whole canvas: that is what it costs, taken from the
        // budget before the frame is decoded.
        budget.take(src, pixels)?;
        let Some(frame) = frames.next() else {
            budget.give_back(pixels);
            break;
        };
        frame.map_err(|e| undecodable(src, e))?;
        count += 1;
        if count > MAX_FRAMES {
            return Err(undecodable(
                src,
                format!("more than {MAX_FRAMES} animation frames"),
            ));
        }
    }
    if count == 0 {
        return Err(undecodable(src, "no frames"));
    }
    Ok(())
}
