//! Links between the posts of a book: a link from one post to another (by relative file
//! name, by the post's permalink, or as Hexo's `{% post_link %}` wrote it) is rewritten to
//! name the chapter, and the EPUB and PDF writers make it an internal link.
//!
//! A post is found by its file (extension aside, a bundle by its folder), else by the last
//! segment of the link's path against the post's slugs: its file name (a Jekyll date
//! prefix dropped), its bundle folder, and its front matter's `slug`/`permalink`/`abbrlink`.
//! Hexo's `:year/:month/:day/:title/`, Jekyll's and Hugo's default URLs all end in one of
//! those. A slug two posts share names neither; links to other sites are left alone.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::tree::{Block, Document, Inline};

/// Scheme of a rewritten link: `postbind-chapter:<index of the document>[#<heading id>]`.
const SCHEME: &str = "postbind-chapter:";

/// The document index and heading id a rewritten link points at.
pub fn chapter_link(href: &str) -> Option<(usize, Option<&str>)> {
    let rest = href.strip_prefix(SCHEME)?;
    let (n, frag) = match rest.split_once('#') {
        Some((n, f)) => (n, Some(f)),
        None => (rest, None),
    };
    Some((n.parse().ok()?, frag))
}

/// Rewrites the links between `docs`, read from the files `sources` (same order; `None` for
/// standard input, which other posts cannot name by file).
pub fn link_posts(docs: &mut [Document], sources: &[Option<PathBuf>]) {
    let ids = docs.iter().map(|d| heading_ids(&d.blocks)).collect();
    let links = Links::new(docs, sources, ids);
    for (i, doc) in docs.iter_mut().enumerate() {
        links.rewrite(i, doc);
    }
}

/// What links between posts can name: built once from every post's head and heading ids, then
/// applied to each post as it is loaded.
pub struct Links {
    index: Index,
    /// The folder of each post's file, relative links start from.
    dirs: Vec<Option<PathBuf>>,
}

impl Links {
    /// `heads` and `sources` in the same order; `ids[i]` are [`heading_ids`] of post `i`.
    pub fn new(
        heads: &[Document],
        sources: &[Option<PathBuf>],
        ids: Vec<HashSet<String>>,
    ) -> Links {
        let dirs = sources
            .iter()
            .map(|s| s.as_deref().and_then(Path::parent).map(normalize))
            .collect();
        Links {
            index: Index::new(heads, sources, ids),
            dirs,
        }
    }

    /// Rewrites the links of post `i` that name another post (or itself).
    pub fn rewrite(&self, i: usize, doc: &mut Document) {
        let dir = self.dirs.get(i).and_then(Option::as_deref);
        let mut rewrite = |href: &mut String| {
            if let Some(new) = self.index.resolve(href, dir) {
                *href = new;
            }
        };
        blocks_links(&mut doc.blocks, &mut rewrite);
    }
}

struct Index {
    /// A post's file without its extension (`/blog/_posts/other`) → document.
    files: HashMap<PathBuf, usize>,
    /// Slug → document; `None` when posts share it.
    slugs: HashMap<String, Option<usize>>,
    /// Heading ids of each document.
    ids: Vec<HashSet<String>>,
}

impl Index {
    fn new(docs: &[Document], sources: &[Option<PathBuf>], ids: Vec<HashSet<String>>) -> Index {
        let mut files = HashMap::new();
        let mut slugs: HashMap<String, Option<usize>> = HashMap::new();
        let mut add_slug = |slug: &str, i: usize| {
            let slug = slug.trim().trim_matches('/').to_lowercase();
            if slug.is_empty() {
                return;
            }
            slugs
                .entry(slug)
                .and_modify(|e| {
                    if *e != Some(i) {
                        *e = None;
                    }
                })
                .or_insert(Some(i));
        };
        for (i, doc) in docs.iter().enumerate() {
            if let Some(path) = sources.get(i).and_then(|s| s.as_deref()) {
                let path = normalize(path);
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                let bundle = stem.as_deref() == Some("index");
                if bundle {
                    if let Some(dir) = path.parent() {
                        files.insert(dir.to_path_buf(), i);
                        if let Some(name) = dir.file_name() {
                            add_slug(&name.to_string_lossy(), i);
                        }
                    }
                } else if let Some(stem) = &stem {
                    add_slug(stem, i);
                    if let Some((_, slug)) = crate::site::jekyll::date_and_slug(stem) {
                        add_slug(slug, i);
                    }
                }
                files.insert(path.with_extension(""), i);
            }
            for (key, value) in &doc.meta.extra {
                if let ("slug" | "permalink" | "abbrlink", serde_yaml::Value::String(v)) =
                    (key.as_str(), value)
                {
                    if let Some(last) = v.trim_end_matches('/').rsplit('/').next() {
                        add_slug(last.trim_end_matches(".html"), i);
                    }
                }
            }
        }
        Index { files, slugs, ids }
    }

    /// The rewritten link for `href` written in a post in `dir`, if it names a post.
    fn resolve(&self, href: &str, dir: Option<&Path>) -> Option<String> {
        let href = href.trim();
        if href.starts_with('#') || has_scheme(href) || href.starts_with("//") {
            return None;
        }
        let (path, frag) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let path = path.split(['?']).next().unwrap_or(path);
        let path = crate::text::percent_decode(path);
        if path.is_empty() {
            return None;
        }
        let by_file = dir.filter(|_| !path.starts_with('/')).and_then(|dir| {
            let target = normalize(&dir.join(&path));
            let plain = target.with_extension("");
            self.files
                .get(&plain)
                .or_else(|| self.files.get(&target))
                .or_else(|| {
                    // `other/index.html` of a bundle.
                    let is_index = plain.file_name().is_some_and(|n| n == "index");
                    plain
                        .parent()
                        .filter(|_| is_index)
                        .and_then(|p| self.files.get(p))
                })
                .copied()
        });
        let found = by_file.or_else(|| {
            let mut segments = path.split('/').filter(|s| !s.is_empty() && *s != ".");
            let mut last = segments.next_back()?;
            if last.starts_with("index.") {
                last = segments.next_back()?;
            }
            let stem = [".html", ".htm", ".md", ".markdown"]
                .iter()
                .find_map(|ext| last.strip_suffix(ext))
                .unwrap_or(last);
            let slug = stem.to_lowercase();
            self.slugs.get(&slug).copied().flatten().or_else(|| {
                let (_, plain) = crate::site::jekyll::date_and_slug(stem)?;
                self.slugs.get(&plain.to_lowercase()).copied().flatten()
            })
        })?;
        let ids = self.ids.get(found)?;
        let frag = frag
            .map(|f| {
                if ids.contains(f) {
                    f.to_string()
                } else {
                    crate::text::percent_decode(f)
                }
            })
            .filter(|f| ids.contains(f) && !f.chars().any(char::is_control));
        Some(match frag {
            Some(f) => format!("{SCHEME}{found}#{f}"),
            None => format!("{SCHEME}{found}"),
        })
    }
}

fn has_scheme(href: &str) -> bool {
    match href.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `a/./b/../c` as `a/c`, without asking the file system (links may name what is not there).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Heading ids anywhere in `blocks` (the tree's depth is bounded when it is built).
/// The ids of a post's headings, links to it may name.
pub fn heading_ids(blocks: &[Block]) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack: Vec<&[Block]> = vec![blocks];
    while let Some(list) = stack.pop() {
        for b in list {
            match b {
                Block::Heading { id, .. } => {
                    out.insert(id.clone());
                }
                Block::List(l) => stack.extend(l.items.iter().map(Vec::as_slice)),
                Block::BlockQuote(inner) => stack.push(inner),
                Block::Callout(c) => stack.push(&c.blocks),
                _ => {}
            }
        }
    }
    out
}

fn blocks_links(blocks: &mut [Block], f: &mut dyn FnMut(&mut String)) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => inline_links(content, f),
            Block::List(l) => l.items.iter_mut().for_each(|i| blocks_links(i, f)),
            Block::BlockQuote(inner) => blocks_links(inner, f),
            Block::Table(t) => {
                inline_links(&mut t.caption, f);
                for row in t.head.iter_mut().chain(t.body.iter_mut()) {
                    for cell in &mut row.cells {
                        blocks_links(&mut cell.blocks, f);
                    }
                }
            }
            Block::Figure(fig) => inline_links(&mut fig.caption, f),
            Block::Footnote(n) => blocks_links(&mut n.blocks, f),
            Block::Callout(c) => {
                inline_links(&mut c.title, f);
                blocks_links(&mut c.blocks, f);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    inline_links(&mut d.term, f);
                    d.details.iter_mut().for_each(|b| blocks_links(b, f));
                }
            }
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
        }
    }
}

fn inline_links(inlines: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
    for i in inlines {
        if let Inline::Link { href, .. } = i {
            f(href);
        }
        if let Some(children) = i.children_mut() {
            inline_links(children, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(slug: Option<&str>) -> Document {
        let mut d = Document::default();
        if let Some(s) = slug {
            d.meta
                .extra
                .push(("slug".into(), serde_yaml::Value::String(s.into())));
        }
        d.blocks.push(Block::Heading {
            level: 2,
            id: "背景".into(),
            content: vec![Inline::Text("背景".into())],
        });
        d
    }

    #[test]
    fn posts_are_found_by_file_permalink_and_slug() {
        let docs = [doc(None), doc(Some("custom-slug")), doc(None)];
        let sources = [
            Some(PathBuf::from("/blog/_posts/2020-01-01-first.md")),
            Some(PathBuf::from("/blog/_posts/second.md")),
            Some(PathBuf::from("/blog/_posts/third/index.md")),
        ];
        let ids = docs.iter().map(|d| heading_ids(&d.blocks)).collect();
        let index = Index::new(&docs, &sources, ids);
        let dir = Some(Path::new("/blog/_posts"));
        let r = |h: &str| index.resolve(h, dir);
        assert_eq!(r("second.md").as_deref(), Some("postbind-chapter:1"));
        assert_eq!(r("./second.html").as_deref(), Some("postbind-chapter:1"));
        assert_eq!(
            r("../_posts/2020-01-01-first.md").as_deref(),
            Some("postbind-chapter:0")
        );
        assert_eq!(
            r("/2020/01/01/first/").as_deref(),
            Some("postbind-chapter:0")
        );
        assert_eq!(
            r("/2021/05/06/custom-slug.html").as_deref(),
            Some("postbind-chapter:1")
        );
        assert_eq!(r("third/").as_deref(), Some("postbind-chapter:2"));
        assert_eq!(r("/posts/third/").as_deref(), Some("postbind-chapter:2"));
        assert_eq!(
            r("second.md#%E8%83%8C%E6%99%AF").as_deref(),
            Some("postbind-chapter:1#背景")
        );
        assert_eq!(
            r("second.md#nowhere").as_deref(),
            Some("postbind-chapter:1")
        );
        assert_eq!(r("https://other.site/second/"), None);
        assert_eq!(r("#背景"), None);
        assert_eq!(r("unknown.md"), None);
        assert_eq!(
            chapter_link("postbind-chapter:1#背景"),
            Some((1, Some("背景")))
        );
    }

    #[test]
    fn a_shared_slug_names_no_post() {
        let docs = [doc(None), doc(None)];
        let sources = [
            Some(PathBuf::from("/a/notes.md")),
            Some(PathBuf::from("/b/notes.md")),
        ];
        let ids = docs.iter().map(|d| heading_ids(&d.blocks)).collect();
        let index = Index::new(&docs, &sources, ids);
        assert_eq!(index.resolve("/2020/notes/", None), None);
        // By file it is still clear.
        assert_eq!(
            index.resolve("notes.md", Some(Path::new("/b"))).as_deref(),
            Some("postbind-chapter:1")
        );
    }
}
