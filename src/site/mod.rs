//! The site a post belongs to: which engine renders it, where its posts and images live, and
//! the defaults its configuration gives.
//!
//! A Hexo, Jekyll or Hugo post read as a lone file loses its date (Jekyll keeps it in the file
//! name), its pictures (site-root paths such as `/img/x.png`), its title (bundles are all
//! called `index.md`) and shows the engine's template syntax raw. [`Site::detect`] finds the
//! site from any path inside it; each engine's rules live in a file of its own.

mod config;
mod hexo;
mod hugo;
mod images;
pub(crate) mod jekyll;
pub(crate) mod tags;

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use crate::meta::{Metadata, PostDate};

pub use config::SiteConfig;
pub(crate) use images::resolve_images;

/// The blog engines postbind knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    Hexo,
    Jekyll,
    Hugo,
    /// No engine: a folder of posts (a scraped archive) or a lone file.
    Plain,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Hexo => "Hexo",
            Engine::Jekyll => "Jekyll",
            Engine::Hugo => "Hugo",
            Engine::Plain => "none",
        }
    }
}

/// A site as read from its root folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub engine: Engine,
    /// Canonical. Nothing outside it is read for a post of this site.
    pub root: PathBuf,
    pub config: SiteConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{0}: not a folder")]
    NotADir(PathBuf),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: no Hexo, Jekyll or Hugo site here (no _config.yml with source/_posts or _posts, no Hugo config with content/); give --engine")]
    NoEngine(PathBuf),
}

/// Folders that hold an engine's templates, themes and generated output, never posts.
const NOT_POSTS: &[&str] = &[
    "scaffolds",
    "_layouts",
    "_includes",
    "_sass",
    "_data",
    "_site",
    "archetypes",
    "layouts",
    "themes",
    "node_modules",
    "public",
    "resources",
    "vendor",
];

/// How far up from an input a site's root is looked for.
const MAX_UP: usize = 32;

impl Site {
    /// A folder of posts with no engine: images may come from anywhere under `root`.
    pub fn plain(root: &Path) -> Site {
        Site {
            engine: Engine::Plain,
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            config: SiteConfig::default(),
        }
    }

    /// The site `path` (a post or a folder) lies in: the nearest folder, from `path` upwards,
    /// that is a Hexo, Jekyll or Hugo site root.
    pub fn detect(path: &Path) -> Option<Site> {
        let start = path.canonicalize().ok()?;
        let start = if start.is_dir() {
            start
        } else {
            start.parent()?.to_path_buf()
        };
        start
            .ancestors()
            .take(MAX_UP)
            .find_map(|dir| engine_at(dir).map(|engine| Site::load(dir, engine)))
    }

    /// The site whose root `dir` is, if it is one.
    pub fn at(dir: &Path) -> Option<Site> {
        let engine = engine_at(dir)?;
        Some(Site::load(&dir.canonicalize().ok()?, engine))
    }

    /// The site rooted at `root`, of `engine` or of the engine found there.
    pub fn open(root: &Path, engine: Option<Engine>) -> Result<Site, SiteError> {
        let canonical = root.canonicalize().map_err(|source| SiteError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        if !canonical.is_dir() {
            return Err(SiteError::NotADir(root.to_path_buf()));
        }
        match engine.or_else(|| engine_at(&canonical)) {
            Some(Engine::Plain) => Ok(Site::plain(&canonical)),
            Some(engine) => Ok(Site::load(&canonical, engine)),
            None => Err(SiteError::NoEngine(root.to_path_buf())),
        }
    }

    fn load(root: &Path, engine: Engine) -> Site {
        Site {
            engine,
            root: root.to_path_buf(),
            config: SiteConfig::read(root, engine),
        }
    }

    /// Where the posts are when the whole site is given as input; `drafts` adds the drafts.
    pub fn post_dirs(&self, drafts: bool) -> Vec<PathBuf> {
        let source = self.root.join(&self.config.source_dir);
        match self.engine {
            Engine::Hexo => {
                let mut dirs = vec![source.join("_posts")];
                if drafts {
                    dirs.push(source.join("_drafts"));
                }
                dirs
            }
            Engine::Jekyll => {
                let mut dirs = vec![self.root.join("_posts")];
                if drafts {
                    dirs.push(self.root.join("_drafts"));
                }
                dirs
            }
            Engine::Hugo => vec![self.root.join(&self.config.content_dir)],
            Engine::Plain => vec![self.root.clone()],
        }
    }

    /// Whether a folder met while walking holds no posts: templates, themes, generated
    /// output; drafts unless asked for.
    pub fn skips_dir(&self, name: &str, drafts: bool) -> bool {
        if self.engine == Engine::Plain {
            return false;
        }
        NOT_POSTS.contains(&name) || (name == "_drafts" && !drafts)
    }

    /// Whether a file found while walking a site is a post (Jekyll's `_posts` also takes
    /// `.markdown`; Hugo's content folder holds pages as `.md` and `.html`).
    pub fn is_post_file(&self, path: &Path) -> bool {
        if self.engine == Engine::Plain {
            return true;
        }
        // Jekyll publishes only `_posts` files named `YYYY-MM-DD-title`.
        let in_posts = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "_posts" || d == "_drafts");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if self.engine == Engine::Jekyll && in_posts && jekyll::date_and_slug(stem).is_none() {
            return path
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d == "_drafts");
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        matches!(
            ext.as_deref(),
            Some("md" | "markdown" | "mkd" | "html" | "htm")
        )
    }

    /// A soft line break inside a paragraph is a hard one (Hexo's `breaks: true`).
    pub fn breaks(&self) -> bool {
        self.config.breaks.unwrap_or(match self.engine {
            Engine::Hexo | Engine::Plain => true,
            // kramdown's `hard_wrap` is off in Jekyll; goldmark's `hardWraps` is off in Hugo.
            Engine::Jekyll | Engine::Hugo => false,
        })
    }

    /// Folders a relative image source is looked up in, after the post's own folder.
    fn image_dirs(&self, post: &Path) -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if self.engine == Engine::Hexo {
            // The post asset folder: `_posts/name.md` keeps its images in `_posts/name/`.
            if let (Some(dir), Some(stem)) = (post.parent(), post.file_stem()) {
                dirs.push(dir.join(stem));
            }
        }
        dirs.extend(self.site_image_dirs());
        dirs
    }

    /// Folders a site-absolute source (`/img/x.png`) is looked up in.
    fn site_image_dirs(&self) -> Vec<PathBuf> {
        match self.engine {
            Engine::Hexo => vec![self.root.join(&self.config.source_dir)],
            Engine::Hugo => {
                let mut dirs: Vec<PathBuf> = self
                    .config
                    .static_dirs
                    .iter()
                    .map(|d| self.root.join(d))
                    .collect();
                dirs.push(self.root.join(&self.config.content_dir));
                dirs.push(self.root.join("assets"));
                dirs
            }
            Engine::Jekyll | Engine::Plain => vec![self.root.clone()],
        }
    }
}

impl Site {
    /// A post's Markdown body with the engine's template syntax expanded.
    pub fn expand<'a>(
        &self,
        body: &'a str,
        post: &Path,
        warnings: &mut Vec<String>,
    ) -> Cow<'a, str> {
        // Links to other posts are made relative to this one's real folder.
        let real = crate::realpath::real(post).unwrap_or_else(|| post.to_path_buf());
        let post = real.as_path();
        match self.engine {
            Engine::Hexo => hexo::expand(body, self, post, warnings),
            Engine::Jekyll => jekyll::expand(body, self, post, warnings),
            Engine::Hugo => hugo::expand(body, self, post, warnings),
            Engine::Plain => tags::expand_containers(body),
        }
    }

    /// What a post takes from its site: the site's author when it names none; and what the
    /// engine reads from a file name and list fields: Jekyll's date in `2020-01-02-name.md`
    /// and its space-separated `tags: 读书 写作`.
    pub fn adjust_meta(&self, meta: &mut Metadata, post: &Path) {
        if meta.author.is_none() {
            meta.author = self.config.author.clone();
        }
        if self.engine != Engine::Jekyll {
            return;
        }
        if meta.date.is_none() {
            let stem = post
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if let Some((date, _)) = jekyll::date_and_slug(stem) {
                meta.date = Some(PostDate::Date(date));
            }
        }
        for list in [&mut meta.tags, &mut meta.categories] {
            if let [one] = list.as_slice() {
                if one.contains(' ') {
                    *list = one.split_whitespace().map(str::to_string).collect();
                }
            }
        }
    }
}

/// The engine whose site root `dir` is, judged by its marker files.
fn engine_at(dir: &Path) -> Option<Engine> {
    let has = |name: &str| dir.join(name).exists();
    let is_dir = |name: &str| dir.join(name).is_dir();
    if has("_config.yml") || has("_config.yaml") {
        if is_dir("source/_posts") || is_dir("source/_drafts") || has("scaffolds") {
            return Some(Engine::Hexo);
        }
        if is_dir("_posts") || is_dir("_drafts") || is_dir("_layouts") {
            return Some(Engine::Jekyll);
        }
    }
    if is_dir("content") && config::HUGO_CONFIGS.iter().any(|c| has(c)) {
        return Some(Engine::Hugo);
    }
    None
}

/// `path` with `.` and `..` folded away, without touching the file system.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether a post is a bundle: `name/index.md`, named by its folder.
pub fn is_bundle(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| matches!(s, "index" | "_index" | "README" | "readme"))
}

/// The title a bundle or Jekyll post has when nothing else names it: the folder for
/// `name/index.md`, the slug for `2020-01-02-name.md`.
pub fn fallback_title(path: &Path, engine: Engine) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    if is_bundle(path) {
        let folder = path.parent()?.file_name()?.to_str()?;
        return Some(folder.to_string());
    }
    if engine == Engine::Jekyll {
        if let Some((_, slug)) = jekyll::date_and_slug(stem) {
            // As Jekyll titles a post from its slug: `second-post` → `Second Post`.
            let words: Vec<String> = slug
                .split('-')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                })
                .collect();
            return Some(words.join(" "));
        }
    }
    Some(stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_folds_dots() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
        assert_eq!(lexical(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn bundle_titles_from_folder() {
        assert_eq!(
            fallback_title(Path::new("content/posts/my-trip/index.md"), Engine::Hugo).as_deref(),
            Some("my-trip")
        );
        assert_eq!(
            fallback_title(
                Path::new("_posts/2020-01-02-hello-world.md"),
                Engine::Jekyll
            )
            .as_deref(),
            Some("Hello World")
        );
    }
}
