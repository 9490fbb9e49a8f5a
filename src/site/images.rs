//! Where a post's local images are: beside the post, in its engine's asset folders, or under
//! the site's root for site-absolute paths (`/img/a.png`).
//!
//! Each image found is recorded as a path under the site's root, and the root becomes the
//! folder the writers read from: they still refuse anything that leaves it, symlinks included
//! (see [`crate::assets`]), so nothing outside the site is ever read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{lexical, Site};
use crate::assets::{is_local, percent_decode};
use crate::tree::{Block, Document, Inline};

/// Finds `doc`'s local images for the post at `post` in `site`.
pub(crate) fn resolve_images(doc: &mut Document, site: &Site, post: &Path) {
    let mut srcs: Vec<&str> = Vec::new();
    collect(&doc.blocks, &mut srcs);
    if let Some(cover) = doc.meta.cover.as_deref() {
        srcs.push(cover);
    }
    if srcs.is_empty() {
        doc.base_dir = Some(site.root.clone());
        return;
    }
    let post_dir = crate::realpath::real(post).and_then(|p| p.parent().map(Path::to_path_buf));
    let Some(post_dir) = post_dir else {
        return;
    };
    let real_post = post_dir.join(post.file_name().unwrap_or_default());
    let mut found: HashMap<String, String> = HashMap::new();
    for src in srcs {
        if !is_local(src) || found.contains_key(src) {
            continue;
        }
        if let Some(path) = find(site, &post_dir, &real_post, src) {
            found.insert(src.to_string(), path);
        }
    }
    doc.base_dir = Some(site.root.clone());
    doc.image_paths = found;
}

/// The first place `src` exists, as a path under the site's root written as a URL path.
fn find(site: &Site, post_dir: &Path, post: &Path, src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or_default();
    let path = percent_decode(path)?;
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(abs) = path.strip_prefix('/') {
        // Served under a base path (`/blog/img/a.png`): the files are at `img/a.png`.
        let base = site.config.base_path.trim_start_matches('/');
        let abs = if base.is_empty() {
            abs
        } else {
            abs.strip_prefix(base)
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(abs)
        };
        candidates.extend(site.site_image_dirs().iter().map(|d| d.join(abs)));
    } else {
        candidates.push(post_dir.join(&path));
        let dirs = site.image_dirs(post);
        candidates.extend(dirs.iter().map(|d| d.join(&path)));
        // Written for the page's URL or an editor's preview (`../images/a.png`): the site's
        // image folders hold `images/a.png`.
        let bare = path.trim_start_matches("./").trim_start_matches("../");
        let bare = bare.trim_start_matches(['.', '/']);
        if bare != path {
            candidates.extend(site.site_image_dirs().iter().map(|d| d.join(bare)));
        }
    }
    candidates.into_iter().find_map(|c| {
        let c = lexical(&c);
        let rel = c.strip_prefix(&site.root).ok()?;
        (c.is_file()).then(|| url_path(rel))?
    })
}

/// A relative path as a URL path: `/` between parts, `%`, `?` and `#` escaped.
fn url_path(rel: &Path) -> Option<String> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str().to_str().map(|s| {
                s.replace('%', "%25")
                    .replace('?', "%3F")
                    .replace('#', "%23")
            })
        })
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Image sources in document order. The tree's depth is bounded, so recursion is too.
fn collect<'d>(blocks: &'d [Block], out: &mut Vec<&'d str>) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => inlines(content, out),
            Block::List(l) => l.items.iter().for_each(|item| collect(item, out)),
            Block::BlockQuote(inner) => collect(inner, out),
            Block::Table(t) => {
                inlines(&t.caption, out);
                for row in t.head.iter().chain(&t.body) {
                    row.cells.iter().for_each(|c| collect(&c.blocks, out));
                }
            }
            Block::Figure(f) => {
                out.push(&f.image.src);
                inlines(&f.caption, out);
            }
            Block::Footnote(n) => collect(&n.blocks, out),
            Block::Callout(c) => {
                inlines(&c.title, out);
                collect(&c.blocks, out);
            }
            Block::Definitions(defs) => {
                for d in defs {
                    inlines(&d.term, out);
                    d.details.iter().for_each(|x| collect(x, out));
                }
            }
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Math(_) => {}
        }
    }
}

fn inlines<'d>(content: &'d [Inline], out: &mut Vec<&'d str>) {
    for i in content {
        match i {
            Inline::Image(img) => out.push(&img.src),
            other => inlines(other.children().unwrap_or_default(), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_escape() {
        assert_eq!(
            url_path(Path::new("a/b 100%.png")).as_deref(),
            Some("a/b 100%25.png")
        );
    }
}
