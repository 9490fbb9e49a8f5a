//! read → parse → one document: the stages every output format starts from.

use std::path::{Path, PathBuf};

use crate::html::{self, HeadMeta, ParseOptions};
use crate::meta::{parse_date, Metadata};
use crate::read::{self, BodyFormat, ReadError};
use crate::site::{self, Site};
use crate::tree::{inline_text, opens_with_title, Block, Document};

/// Posts larger than this are refused unless `--max-input-size` raises it.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub body: BodyFormat,
    pub parse: ParseOptions,
    pub max_input_bytes: u64,
    /// `--lang`: every post's language, whatever it declares.
    pub lang: Option<String>,
    /// Settle each post's language while reading it (`Document::lang`). Off when no writer
    /// asks (Markdown alone): counting the scripts of every character is the dearest part of
    /// reading a post, and `lang::of` still answers on demand.
    pub detect_lang: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            body: BodyFormat::Auto,
            parse: ParseOptions::default(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            lang: None,
            detect_lang: true,
        }
    }
}

/// A post ready for the writers, with what went wrong on the way that did not stop it.
#[derive(Debug, Clone)]
pub struct Post {
    pub doc: Document,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("{size} bytes is over the {limit}-byte input limit (raise it with --max-input-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// Reads and parses one post file. Relative images resolve against its folder.
pub fn load_post(path: &Path, opts: &LoadOptions) -> Result<Post, LoadError> {
    load_site_post(path, None, opts)
}

/// Reads and parses one post file of `site`, as its engine renders it.
pub fn load_site_post(
    path: &Path,
    site: Option<&Site>,
    opts: &LoadOptions,
) -> Result<Post, LoadError> {
    let size = std::fs::metadata(path)?.len();
    if size > opts.max_input_bytes {
        return Err(LoadError::TooLarge {
            size,
            limit: opts.max_input_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    load_site_file(path, &bytes, site, opts)
}

/// Parses a post file's bytes already read (the batch reads them once to fingerprint them).
pub fn load_file_bytes(path: &Path, bytes: &[u8], opts: &LoadOptions) -> Result<Post, LoadError> {
    load_site_file(path, bytes, None, opts)
}

/// Parses the bytes of a post file of `site` (`None`: a lone post).
pub fn load_site_file(
    path: &Path,
    bytes: &[u8],
    site: Option<&Site>,
    opts: &LoadOptions,
) -> Result<Post, LoadError> {
    let size = bytes.len() as u64;
    if size > opts.max_input_bytes {
        return Err(LoadError::TooLarge {
            size,
            limit: opts.max_input_bytes,
        });
    }
    let base_dir = crate::realpath::real_folder(crate::realpath::folder_of(path));
    let engine = site.map_or(site::Engine::Plain, |s| s.engine);
    let stem = site::fallback_title(path, engine);
    // The extension says what the body is, as it does for Hexo and Jekyll; only other files
    // (.txt archives) are sniffed.
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let body = match (opts.body, ext.as_deref()) {
        (BodyFormat::Auto, Some("html" | "htm" | "xhtml")) => BodyFormat::Html,
        (BodyFormat::Auto, Some("md" | "markdown" | "mkd")) => BodyFormat::Markdown,
        (chosen, _) => chosen,
    };
    let mut source = read::read_site_post(bytes, body, site, Some(path))?;
    let site_lang = site.and_then(|s| s.config.language.as_deref());
    if let Some(site) = site {
        site.adjust_meta(&mut source.meta, path);
    }
    // A bundle (`name/index.md`) is named by its folder: its first heading is a section's.
    let fallback = match site::is_bundle(path) {
        true => Fallback::Named(stem.as_deref()),
        false => Fallback::Stem(stem.as_deref()),
    };
    let mut post = build(source, fallback, base_dir, opts, site_lang);
    post.doc.identity = Some(identity(&post.doc, site, path));
    if let Some(site) = site {
        site::resolve_images(&mut post.doc, site, path);
    }
    Ok(post)
}

/// Reads and parses a post held in memory (standard input): `stem` names it when nothing
/// inside does; with no `base_dir`, no local file is ever read for it.
///
/// With `--body auto`, piped input without front matter is read as HTML.
pub fn load_bytes(
    bytes: &[u8],
    stem: Option<&str>,
    base_dir: Option<PathBuf>,
    opts: &LoadOptions,
) -> Result<Post, LoadError> {
    let size = bytes.len() as u64;
    if size > opts.max_input_bytes {
        return Err(LoadError::TooLarge {
            size,
            limit: opts.max_input_bytes,
        });
    }
    let mut source = read::read_post(bytes, opts.body)?;
    // Piped input without front matter is a page or a fragment of HTML, as from curl or a
    // scraper; `--body markdown` says otherwise.
    if opts.body == BodyFormat::Auto && !source.meta.from_source {
        source = read::read_post(bytes, BodyFormat::Html)?;
    }
    Ok(build(source, Fallback::Stem(stem), base_dir, opts, None))
}

/// Front matter keys that name a post for good.
const ID_KEYS: &[&str] = &["uuid", "id", "abbrlink", "permalink", "url", "slug"];

/// A post's identity: its site (title, else folder) and its own id or its path in the site;
/// with no site, its file name and date.
fn identity(doc: &Document, site: Option<&Site>, path: &Path) -> String {
    let own = doc.meta.extra.iter().find_map(|(k, v)| {
        let v = match v {
            serde_yaml::Value::String(s) => s.trim().to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        (ID_KEYS.contains(&k.as_str()) && !v.is_empty()).then(|| format!("{k}:{v}"))
    });
    match site {
        Some(site) => {
            let key = site.config.title.clone().unwrap_or_else(|| {
                site.root
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let own = own.unwrap_or_else(|| {
                let real = crate::realpath::real(path).unwrap_or_else(|| path.to_path_buf());
                let rel = real.strip_prefix(&site.root).unwrap_or(&real);
                format!("path:{}", rel.to_string_lossy().replace('\\', "/"))
            });
            format!("site:{key}|{own}")
        }
        None => {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let date = doc.meta.date.map(|d| d.to_iso8601()).unwrap_or_default();
            own.unwrap_or_else(|| format!("file:{}|{date}", stem.unwrap_or_default()))
        }
    }
}

/// What names a post whose source gives no title.
enum Fallback<'a> {
    /// This name, before any heading (a bundle's folder).
    Named(Option<&'a str>),
    /// The first level-1 heading, else this name (the file's).
    Stem(Option<&'a str>),
}

fn build(
    source: read::Source<'_>,
    fallback: Fallback<'_>,
    base_dir: Option<PathBuf>,
    opts: &LoadOptions,
    site_lang: Option<&str>,
) -> Post {
    let parsed = html::parse(&source.html, &opts.parse);
    let mut warnings = source.warnings;
    if parsed.flattened > 0 {
        warnings.push(format!(
            "{} elements nested deeper than {} levels were flattened (their text is kept; raise --max-depth to keep their structure)",
            parsed.flattened, opts.parse.max_depth
        ));
    }
    let mut meta = source.meta;
    let mut blocks = parsed.blocks;
    merge_head(&mut meta, parsed.head);
    if meta.title.is_none() {
        meta.title = match fallback {
            Fallback::Named(name) => name.map(str::to_string),
            Fallback::Stem(stem) => first_heading(&blocks).or_else(|| stem.map(str::to_string)),
        };
    }
    // The writers print the title; a body that opens with it would show it twice. A bare
    // fragment keeps it: its Markdown has no front matter to carry the title.
    if meta.from_source
        && blocks
            .first()
            .is_some_and(|b| opens_with_title(b, meta.title.as_deref()))
    {
        blocks.remove(0);
    }
    let lang = opts.detect_lang.then(|| {
        crate::lang::resolve(
            opts.lang.as_deref(),
            meta.lang.as_deref(),
            site_lang,
            &blocks,
        )
    });
    Post {
        doc: Document {
            meta,
            blocks,
            base_dir,
            image_paths: Default::default(),
            lang,
            identity: None,
        },
        warnings,
    }
}

/// An HTML page's `<head>` fills what front matter did not say.
fn merge_head(meta: &mut Metadata, head: HeadMeta) {
    if head.is_empty() {
        return;
    }
    meta.from_source = true;
    if meta.title.is_none() {
        meta.title = head.title;
    }
    if meta.author.is_none() {
        meta.author = head.author;
    }
    if meta.date.is_none() {
        meta.date = head.date.as_deref().and_then(parse_date);
    }
    if meta.tags.is_empty() {
        meta.tags = head.keywords;
    }
    if meta.description.is_none() {
        meta.description = head.description;
    }
    if meta.lang.is_none() {
        meta.lang = head.lang;
    }
}

fn first_heading(blocks: &[Block]) -> Option<String> {
    let content = blocks.iter().find_map(|b| match b {
        Block::Heading {
            level: 1, content, ..
        } => Some(content),
        _ => None,
    })?;
    let mut text = String::new();
    inline_text(content, &mut text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}
