//! Images a post refers to: read safely from the post's folder, or fetched when the user asks.
//!
//! A post is untrusted input: its image sources may point anywhere (`../../etc/passwd`, absolute
//! paths, symlinks, `file://`). Local files are read only when their canonical path lies inside
//! the post's folder, and every image is sniffed from its bytes and bounded in size and pixels
//! before a writer sees it.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Local image files larger than this are refused unless `--max-image-bytes` raises it.
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Downloads stop at this many bytes unless `--max-fetch-bytes` raises it.
pub const DEFAULT_MAX_FETCH_BYTES: u64 = 20 * 1024 * 1024;
/// Images declaring more pixels are refused unless `--max-image-pixels` raises it (100 MP:
/// a 10,000 × 10,000 image decodes to 400 MB).
pub const DEFAULT_MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// Limits and switches for loading images.
#[derive(Debug, Clone)]
pub struct AssetOptions {
    /// Download `http`/`https` images (off by default: outputs then hold a link instead).
    pub fetch: bool,
    /// Largest local image file accepted (`--max-image-bytes`).
    pub max_bytes: u64,
    /// Largest download accepted: the transfer stops there (`--max-fetch-bytes`).
    pub max_fetch_bytes: u64,
    /// Largest width × height accepted (decompression bombs declare huge sizes in tiny files).
    pub max_pixels: u64,
    /// Whole-request limit for a download, redirects included.
    pub timeout: Duration,
    /// Downloads in flight at once (see [`load_images`]).
    pub max_concurrent: usize,
    /// Images already loaded for this post, shared by its writers.
    pub cache: Option<std::sync::Arc<AssetCache>>,
    /// `--allow-private-fetch`: let downloads reach loopback, private and link-local addresses
    /// (off: a post cannot make postbind connect inward; see [`crate::fetch_guard`]).
    pub allow_private: bool,
    /// Decoded pixels one post (or one book) may use, per writer (`--max-total-pixels`).
    pub max_total_pixels: u64,
    /// What all the downloads of one post (or one book) may take together; counted in
    /// [`AssetCache`], so it applies where a cache is shared.
    pub budget: FetchBudget,
}

/// Downloads per post at most, unless `--max-fetch-images` changes it.
pub const DEFAULT_MAX_FETCH_COUNT: u64 = 64;
/// Bytes downloaded per post at most, unless `--max-fetch-total` changes it.
pub const DEFAULT_MAX_FETCH_TOTAL: u64 = 100 * 1024 * 1024;
/// Seconds spent downloading per post at most, unless `--fetch-time-budget` changes it.
pub const DEFAULT_FETCH_SECONDS: u64 = 60;

/// The per-post download budget on top of the per-image limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchBudget {
    pub max_count: u64,
    pub max_bytes: u64,
    pub max_time: Duration,
}

impl Default for FetchBudget {
    fn default() -> Self {
        FetchBudget {
            max_count: DEFAULT_MAX_FETCH_COUNT,
            max_bytes: DEFAULT_MAX_FETCH_TOTAL,
            max_time: Duration::from_secs(DEFAULT_FETCH_SECONDS),
        }
    }
}

/// What a post's downloads have used so far.
#[derive(Debug, Default)]
struct FetchUse {
    count: u64,
    bytes: u64,
    started: Option<std::time::Instant>,
}

/// One download's share of the budget: its time limit and byte limit.
#[cfg_attr(not(feature = "fetch"), allow(dead_code))]
struct Grant {
    timeout: Duration,
    bytes: u64,
    /// The byte limit is the budget's, not the per-image one.
    by_budget: bool,
}

/// What loading each image of one post gave: a post written as EPUB and PDF reads, or
/// downloads, each image once. One per post, so a batch holds no more than a post's images.
#[derive(Debug, Default)]
pub struct AssetCache {
    entries: std::sync::Mutex<HashMap<CacheKey, Result<Asset, AssetError>>>,
    fetched: std::sync::Mutex<FetchUse>,
}

impl AssetCache {
    /// Reserves one download within the budget, or says which part of it is spent.
    fn grant(&self, src: &str, opts: &AssetOptions) -> Result<Grant, AssetError> {
        let spent = |what: String| AssetError::FetchBudget {
            src: src.to_string(),
            what,
        };
        let mut used = self
            .fetched
            .lock()
            .map_err(|_| spent("the budget's lock was poisoned".into()))?;
        let b = &opts.budget;
        if used.count >= b.max_count {
            return Err(spent(format!(
                "{} downloads (raise it with --max-fetch-images)",
                b.max_count
            )));
        }
        let started = *used.started.get_or_insert_with(std::time::Instant::now);
        let left = b.max_time.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(spent(format!(
                "{} s of downloading (raise it with --fetch-time-budget)",
                b.max_time.as_secs()
            )));
        }
        let bytes_left = b.max_bytes.saturating_sub(used.bytes);
        if bytes_left == 0 {
            return Err(spent(format!(
                "{} bytes downloaded (raise it with --max-fetch-total)",
                b.max_bytes
            )));
        }
        let bytes = opts.max_fetch_bytes.min(bytes_left);
        used.count += 1;
        used.bytes += bytes;
        Ok(Grant {
            timeout: opts.timeout.min(left),
            bytes,
            by_budget: bytes < opts.max_fetch_bytes,
        })
    }

    /// Gives back the part of a grant a download did not use.
    fn refund(&self, granted: u64, used: u64) {
        if let Ok(mut u) = self.fetched.lock() {
            u.bytes = u.bytes.saturating_sub(granted.saturating_sub(used));
        }
    }
}

/// The post's folder and the source as written.
type CacheKey = (Option<PathBuf>, String);

impl Default for AssetOptions {
    fn default() -> Self {
        AssetOptions {
            fetch: false,
            max_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_fetch_bytes: DEFAULT_MAX_FETCH_BYTES,
            max_pixels: DEFAULT_MAX_IMAGE_PIXELS,
            timeout: Duration::from_secs(15),
            max_concurrent: 4,
            cache: None,
            allow_private: false,
            max_total_pixels: crate::imagecheck::DEFAULT_MAX_TOTAL_PIXELS,
            budget: FetchBudget::default(),
        }
    }
}

/// Image formats outputs may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    Jpeg,
    Png,
    Gif,
    WebP,
    Svg,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Gif => "image/gif",
            MediaType::WebP => "image/webp",
            MediaType::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
            MediaType::Gif => "gif",
            MediaType::WebP => "webp",
            MediaType::Svg => "svg",
        }
    }

    /// The format these bytes are, judged by their content only.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(MediaType::Gif)
        } else if bytes.len() >= 12
            && bytes.starts_with(b"RIFF")
            && bytes.get(8..12) == Some(b"WEBP")
        {
            Some(MediaType::WebP)
        } else if looks_like_svg(bytes) {
            Some(MediaType::Svg)
        } else {
            None
        }
    }
}

/// What in an SVG would make a reading system run code, read other files or expand entities:
/// such an image is left out rather than rewritten (no XML parser needed, nothing missed).
/// Embedded HTML (`foreignObject`, as draw.io writes beside a `<text>` fallback) and links out
/// (draw.io's "viewer does not support" link) are not among them: the allow-list rewrite
/// ([`crate::svg`]) drops them and keeps the drawing.
fn svg_hazard(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    if text.contains("<!entity") {
        return Some("entity declarations");
    }
    if text.contains("<script") {
        return Some("a script");
    }
    if text.contains("@import") {
        return Some("a stylesheet import");
    }
    // `onload=` and the like, after whitespace as attributes are.
    let handler = text.match_indices("on").any(|(at, _)| {
        let before = text.get(..at).unwrap_or_default().chars().next_back();
        let name: String = text
            .get(at + 2..)
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let after = text
            .get(at + 2 + name.len()..)
            .unwrap_or_default()
            .trim_start();
        before.is_some_and(char::is_whitespace) && !name.is_empty() && after.starts_with('=')
    });
    if handler {
        return Some("event handler attributes");
    }
    None
}

/// An SVG file opens with optional BOM, XML declaration, comments or doctype, then `<svg`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = bytes.get(..4096).unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(head).or_else(|e| {
        // The cut may split a character; judge the valid prefix.
        std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default())
    }) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{FEFF}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return true;
        }
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!")
            && matches!((rest.find('['), rest.find('>')), (Some(a), Some(b)) if a < b)
        {
            // A doctype with an internal subset: `<!DOCTYPE svg [ … ]>`.
            rest.find("]>").map(|i| i + 2)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            None
        };
        match end {
            Some(i) => rest = rest.get(i..).unwrap_or_default().trim_start(),
            None => return false,
        }
    }
}

/// An image ready to package: its bytes, sniffed type and pixel size (0 × 0 for SVG).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub bytes: Vec<u8>,
    pub media_type: MediaType,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum AssetError {
    #[error("remote image {0} not downloaded (pass --fetch-images to include it)")]
    NotFetched(String),
    #[error("image {0} is outside the post's folder and was not read")]
    OutsideBase(String),
    #[error("image {0} is a local file but the post has no folder (read from standard input)")]
    NoBaseDir(String),
    #[error("image source {0} uses an unsupported scheme (only relative paths, http and https)")]
    Scheme(String),
    #[error("image {src} could not be read: {reason}")]
    Read { src: String, reason: String },
    #[error("image {src} is larger than the {limit}-byte limit (raise it with --max-image-bytes)")]
    TooLarge { src: String, limit: u64 },
    #[error(
        "image {src} is larger than the {limit}-byte download limit (raise it with --max-fetch-bytes)"
    )]
    FetchTooLarge { src: String, limit: u64 },
    #[error("image {src} declares {width}×{height} pixels, over the {limit}-pixel limit (raise it with --max-image-pixels)")]
    TooManyPixels {
        src: String,
        width: u64,
        height: u64,
        limit: u64,
    },
    #[error("image {0} has no pixels (0 × 0)")]
    Empty(String),
    #[error("image {src} could not be decoded ({reason})")]
    Undecodable { src: String, reason: String },
    #[error("image {src} would take the post over its budget of {limit} decoded pixels (raise it with --max-total-pixels)")]
    PixelBudget { src: String, limit: u64 },
    #[error("image {0} is not a JPEG, PNG, GIF, WebP or SVG file")]
    UnknownType(String),
    #[error("image {src} could not be downloaded: {reason}")]
    Fetch { src: String, reason: String },
    #[error("image {src} was not downloaded: {reason} (pass --allow-private-fetch to allow it)")]
    Inward { src: String, reason: String },
    #[error("image {src} was not downloaded: the post's download budget of {what} is spent")]
    FetchBudget { src: String, what: String },
    #[error("SVG image {src} has {what}, which a reader should not run or follow; left out")]
    UnsafeSvg { src: String, what: &'static str },
}

/// Whether a source names a remote image (`http:`, `https:` or protocol-relative `//host`).
pub fn is_remote(src: &str) -> bool {
    let s = src.trim();
    s.starts_with("//") || scheme(s).is_some_and(|sc| sc == "http" || sc == "https")
}

/// Whether a source names a local file (a relative or site-absolute path).
pub fn is_local(src: &str) -> bool {
    let s = src.trim();
    !s.is_empty() && !s.starts_with("//") && !s.starts_with('#') && scheme(s).is_none()
}

/// The lowercase URL scheme of `s`, if it has one (a Windows drive letter is not a scheme).
fn scheme(s: &str) -> Option<String> {
    let (head, _) = s.split_once(':')?;
    let valid = head.len() > 1
        && head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// Load one image: a local file under `doc_base`, or a download when `opts.fetch` is set.
pub fn load_image(
    doc_base: Option<&Path>,
    src: &str,
    opts: &AssetOptions,
) -> Result<Asset, AssetError> {
    let Some(cache) = &opts.cache else {
        return load_uncached(doc_base, src, opts);
    };
    let key = (doc_base.map(Path::to_path_buf), src.to_string());
    if let Some(hit) = cache.entries.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return hit;
    }
    let result = load_uncached(doc_base, src, opts);
    if let Ok(mut m) = cache.entries.lock() {
        m.insert(key, result.clone());
    }
    result
}

fn load_uncached(
    doc_base: Option<&Path>,
    src: &str,
    opts: &AssetOptions,
) -> Result<Asset, AssetError> {
    let s = src.trim();
    if is_remote(s) {
        if !opts.fetch {
            return Err(AssetError::NotFetched(src.to_string()));
        }
        let url = if s.starts_with("//") {
            format!("https:{s}")
        } else {
            s.to_string()
        };
        let grant = match &opts.cache {
            Some(cache) => cache.grant(src, opts)?,
            None => Grant {
                timeout: opts.timeout,
                bytes: opts.max_fetch_bytes,
                by_budget: false,
            },
        };
        let fetched = fetch(&url, opts, &grant);
        if let Some(cache) = &opts.cache {
            let used = fetched.as_ref().map_or(0, |b| b.len() as u64);
            cache.refund(grant.bytes, used);
        }
        let bytes = fetched?;
        return check(src, bytes, opts.max_fetch_bytes, opts);
    }
    if scheme(s).as_deref() == Some("data") {
        // An image carried in the post itself: decoded under the same limits as a file.
        let label = data_label(s);
        let bytes = decode_data_uri(s, opts.max_bytes).ok_or_else(|| AssetError::Read {
            src: label.clone(),
            reason: "not a base64 or percent-encoded image within the size limit".into(),
        })?;
        return check(&label, bytes, opts.max_bytes, opts);
    }
    if scheme(s).is_some() {
        return Err(AssetError::Scheme(src.to_string()));
    }
    let base = doc_base.ok_or_else(|| AssetError::NoBaseDir(src.to_string()))?;
    let path = resolve_local(base, s)?;
    let bytes = read_capped(&path, opts.max_bytes).map_err(|e| match e {
        ReadCapped::TooLarge => AssetError::TooLarge {
            src: src.to_string(),
            limit: opts.max_bytes,
        },
        ReadCapped::Io(e) => AssetError::Read {
            src: src.to_string(),
            reason: e.to_string(),
        },
    })?;
    check(src, bytes, opts.max_bytes, opts)
}

/// How a `data:` image is named in messages: its type and size, not its whole content.
fn data_label(uri: &str) -> String {
    let head = uri.split(',').next().unwrap_or_default();
    let head: String = head.chars().take(48).collect();
    format!("{head},… ({} bytes)", uri.len())
}

/// The bytes of a `data:` URI (`;base64` or percent-encoded), or `None` if it is malformed or
/// would decode to more than `max_bytes`.
pub(crate) fn decode_data_uri(uri: &str, max_bytes: u64) -> Option<Vec<u8>> {
    let rest = uri.trim().get(5..)?;
    let (head, payload) = rest.split_once(',')?;
    // Base64 grows data by a third: refuse what cannot fit before decoding it.
    if (payload.len() as u64).saturating_mul(3) / 4 > max_bytes.saturating_add(3) {
        return None;
    }
    let bytes = if head.to_ascii_lowercase().ends_with(";base64") {
        decode_base64(payload)?
    } else {
        percent_decode(payload)?.into_bytes()
    };
    (bytes.len() as u64 <= max_bytes).then_some(bytes)
}

/// Standard or URL-safe base64; white space ignored, padding optional.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            // `%2B`-style escapes and anything else: not base64.
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Load many images, downloading at most `opts.max_concurrent` at a time; results are in the
/// order of `srcs`.
pub fn load_images(
    doc_base: Option<&Path>,
    srcs: &[&str],
    opts: &AssetOptions,
) -> Vec<Result<Asset, AssetError>> {
    let workers = opts.max_concurrent.clamp(1, 16);
    if !opts.fetch || srcs.len() < 2 || workers == 1 {
        return srcs.iter().map(|s| load_image(doc_base, s, opts)).collect();
    }
    let mut out: Vec<Option<Result<Asset, AssetError>>> = srcs.iter().map(|_| None).collect();
    for (chunk_srcs, chunk_out) in srcs.chunks(workers).zip(out.chunks_mut(workers)) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunk_srcs
                .iter()
                .map(|s| scope.spawn(move || load_image(doc_base, s, opts)))
                .collect();
            for (slot, (h, s)) in chunk_out
                .iter_mut()
                .zip(handles.into_iter().zip(chunk_srcs))
            {
                *slot = Some(h.join().unwrap_or_else(|_| {
                    Err(AssetError::Fetch {
                        src: s.to_string(),
                        reason: "download thread failed".into(),
                    })
                }));
            }
        });
    }
    out.into_iter()
        .zip(srcs)
        .map(|(r, s)| {
            r.unwrap_or_else(|| {
                Err(AssetError::Fetch {
                    src: s.to_string(),
                    reason: "not attempted".into(),
                })
            })
        })
        .collect()
}

/// The canonical path of `src` under `base`. Refused when absolute or when it escapes `base`,
/// through `..` or a symlink; a file that does not exist is a read error.
fn resolve_local(base: &Path, src: &str) -> Result<PathBuf, AssetError> {
    let outside = || AssetError::OutsideBase(src.to_string());
    // Sources are URLs: drop query and fragment, decode %XX.
    let path_part = src.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path_part).ok_or_else(outside)?;
    let rel = Path::new(&decoded);
    if decoded.is_empty()
        || decoded.starts_with(['/', '\\'])
        || rel.is_absolute()
        || rel.has_root()
        || decoded.contains('\0')
    {
        return Err(outside());
    }
    // `..` may not climb above the post's folder, even through folders that do not exist.
    let mut depth = 0usize;
    for part in decoded.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => depth = depth.checked_sub(1).ok_or_else(outside)?,
            _ => depth += 1,
        }
    }
    let read_err = |e: std::io::Error| AssetError::Read {
        src: src.to_string(),
        reason: e.to_string(),
    };
    let base = base.canonicalize().map_err(read_err)?;
    let full = base.join(rel).canonicalize().map_err(read_err)?;
    // Symlinks are resolved by now: the real file must still be inside.
    if !full.starts_with(&base) {
        return Err(outside());
    }
    if !full.is_file() {
        return Err(AssetError::Read {
            src: src.to_string(),
            reason: "not a file".into(),
        });
    }
    Ok(full)
}

/// `%XX` escapes decoded; `None` when one is malformed or the result is not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

enum ReadCapped {
    TooLarge,
    Io(std::io::Error),
}

fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, ReadCapped> {
    let file = std::fs::File::open(path).map_err(ReadCapped::Io)?;
    let mut bytes = Vec::new();
    // Read one byte past the cap so a file exactly at the limit passes and a bigger one fails,
    // whatever its metadata claims.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadCapped::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadCapped::TooLarge);
    }
    Ok(bytes)
}

/// Sniff the type and check the declared pixel size before anything decodes the image.
fn check(
    src: &str,
    bytes: Vec<u8>,
    max_bytes: u64,
    opts: &AssetOptions,
) -> Result<Asset, AssetError> {
    if bytes.len() as u64 > max_bytes {
        return Err(AssetError::TooLarge {
            src: src.to_string(),
            limit: max_bytes,
        });
    }
    let media_type =
        MediaType::sniff(&bytes).ok_or_else(|| AssetError::UnknownType(src.to_string()))?;
    if media_type == MediaType::Svg {
        if let Some(what) = svg_hazard(&bytes) {
            return Err(AssetError::UnsafeSvg {
                src: src.to_string(),
                what,
            });
        }
        // What is packaged is the allow-listed rewrite, never the file as it came.
        let clean = crate::svg::sanitize(&bytes).map_err(|what| AssetError::UnsafeSvg {
            src: src.to_string(),
            what,
        })?;
        return Ok(Asset {
            bytes: clean,
            media_type,
            width: 0,
            height: 0,
        });
    }
    let size =
        imagesize::blob_size(&bytes).map_err(|_| AssetError::UnknownType(src.to_string()))?;
    let (width, height) = (size.width as u64, size.height as u64);
    if width.saturating_mul(height) > opts.max_pixels {
        return Err(AssetError::TooManyPixels {
            src: src.to_string(),
            width,
            height,
            limit: opts.max_pixels,
        });
    }
    Ok(Asset {
        bytes,
        media_type,
        width: u32::try_from(width).unwrap_or(u32::MAX),
        height: u32::try_from(height).unwrap_or(u32::MAX),
    })
}

/// Whether this build can download images: `--fetch-images` needs the `fetch` feature.
pub const FETCH_AVAILABLE: bool = cfg!(feature = "fetch");

#[cfg(feature = "fetch")]
const MAX_REDIRECTS: usize = 5;

/// The CLI refuses `--fetch-images` in such a build; this covers library callers that set
/// `fetch` anyway, so the image still degrades to a link as any failed download does.
#[cfg(not(feature = "fetch"))]
fn fetch(url: &str, _opts: &AssetOptions, _grant: &Grant) -> Result<Vec<u8>, AssetError> {
    Err(AssetError::Fetch {
        src: url.to_string(),
        reason: "this postbind was built without the `fetch` feature".into(),
    })
}

/// Download `url` following at most [`MAX_REDIRECTS`] redirects, each to http or https and
/// never from https down to http. Every hop is a new request, so the resolver's check that
/// the host is public ([`crate::fetch_guard`]) applies to each; proxies from the environment
/// are not used, so the address checked is the one connected to.
#[cfg(feature = "fetch")]
fn fetch(url: &str, opts: &AssetOptions, grant: &Grant) -> Result<Vec<u8>, AssetError> {
    let fail = |reason: String| AssetError::Fetch {
        src: url.to_string(),
        reason,
    };
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(grant.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .proxy(None)
        .user_agent(concat!("postbind/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        crate::fetch_guard::GuardedResolver {
            allow_private: opts.allow_private,
        },
    );
    let mut current = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let mut resp = agent.get(&current).call().map_err(|e| match &e {
            ureq::Error::Other(inner) => match inner.downcast_ref::<crate::fetch_guard::Inward>() {
                Some(inward) => AssetError::Inward {
                    src: url.to_string(),
                    reason: inward.to_string(),
                },
                None => fail(e.to_string()),
            },
            _ => fail(e.to_string()),
        })?;
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| fail(format!("redirect {status} without a location")))?;
            let next = join_url(&current, location);
            let from_https = current.starts_with("https:");
            let ok = match scheme(&next).as_deref() {
                Some("https") => true,
                Some("http") => !from_https,
                _ => false,
            };
            if !ok {
                return Err(fail(format!("refused redirect to {next}")));
            }
            current = next;
            continue;
        }
        if status != 200 {
            return Err(fail(format!("server answered {status}")));
        }
        let declared = resp.body().mime_type().unwrap_or("").to_ascii_lowercase();
        if !(declared.starts_with("image/") || declared == "application/octet-stream") {
            return Err(fail(format!("content type {declared:?} is not an image")));
        }
        return match resp
            .body_mut()
            .with_config()
            .limit(grant.bytes)
            .read_to_vec()
        {
            Ok(b) => Ok(b),
            Err(ureq::Error::BodyExceedsLimit(_)) if grant.by_budget => {
                Err(AssetError::FetchBudget {
                    src: url.to_string(),
                    what: format!(
                        "{} bytes downloaded (raise it with --max-fetch-total)",
                        opts.budget.max_bytes
                    ),
                })
            }
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(AssetError::FetchTooLarge {
                src: url.to_string(),
                limit: opts.max_fetch_bytes,
            }),
            Err(e) => Err(fail(e.to_string())),
        };
    }
    Err(fail(format!("more than {MAX_REDIRECTS} redirects")))
}

/// Resolve a redirect's `Location` against the URL that sent it.
#[cfg(feature = "fetch")]
fn join_url(base: &str, location: &str) -> String {
    let loc = location.trim();
    if scheme(loc).is_some() {
        return loc.to_string();
    }
    let (sch, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(net) = loc.strip_prefix("//") {
        return format!("{sch}://{net}");
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{sch}://{}", rest.get(..host_end).unwrap_or_default());
    if loc.starts_with('/') {
        return format!("{origin}{loc}");
    }
    let path = rest
        .get(host_end..)
        .unwrap_or_default()
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let dir = path
        .rfind('/')
        .map_or("/", |i| path.get(..=i).unwrap_or_default());
    format!("{origin}{dir}{loc}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "fetch")]
    fn redirects_resolve_like_a_browser() {
        let b = "http://h:8/a/b.png?x=1";
        assert_eq!(join_url(b, "https://o/c"), "https://o/c");
        assert_eq!(join_url(b, "//o/c"), "http://o/c");
        assert_eq!(join_url(b, "/c"), "http://h:8/c");
        assert_eq!(join_url(b, "c.png"), "http://h:8/a/c.png");
        assert_eq!(join_url("http://h", "c"), "http://h/c");
    }

    #[test]
    fn schemes_and_drive_letters() {
        assert_eq!(scheme("file:///etc/passwd").as_deref(), Some("file"));
        assert_eq!(scheme("C:\\x.png"), None);
        assert!(is_remote("//cdn/x.png"));
        assert!(is_remote("HTTPS://x/y"));
        assert!(!is_remote("img/x.png"));
    }

    #[test]
    fn svg_hazards_are_found() {
        let ok = br##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0"/></defs><use xlink:href="#p" fill="url(#g)"/><image href="data:image/png;base64,AA"/><text>online = on</text></svg>"##;
        assert_eq!(svg_hazard(ok), None);
        for (bad, what) in [
            (
                &b"<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg/>"[..],
                "entity",
            ),
            (b"<svg><SCRIPT>alert(1)</SCRIPT></svg>", "script"),
            (b"<svg onload=\"x()\"/>", "handler"),
            (b"<svg><rect\n  onClick = 'x()'/></svg>", "handler"),
            (b"<svg><style>@import 'x.css';</style></svg>", "import"),
        ] {
            let got =
                svg_hazard(bad).unwrap_or_else(|| panic!("{:?}", String::from_utf8_lossy(bad)));
            assert!(got.contains(what), "{got}");
        }
    }

    #[test]
    fn svg_sniffing_skips_prolog() {
        assert!(looks_like_svg(
            b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c --><!DOCTYPE svg><svg/>"
        ));
        assert!(!looks_like_svg(b"<html><svg/></html>"));
        assert!(looks_like_svg(
            b"<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<svg/>"
        ));
    }
}
