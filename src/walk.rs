//! The posts under the INPUTs, found one at a time: `convert` plans and converts each as the
//! walk reaches it, so memory does not grow with the number of posts.
//!
//! Order is the order `find_posts` always had: INPUTs as given; in a folder, file names sorted;
//! a site's post folders one after another; sites found below a plain folder after it.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use postbind::site::{Engine, Site};

use crate::convert::{Found, SiteRule, Source, POST_EXTENSIONS};

/// What the walk yields: a post, or an INPUT that cannot be read.
pub enum Walked {
    Post(Found),
    Missing(PathBuf, String),
}

/// One site (or plain folder) still to walk below an INPUT.
struct SiteWalk {
    start: PathBuf,
    site: Option<Arc<Site>>,
    discover: bool,
}

/// The folder walk under way.
struct RootWalk {
    site: Option<Arc<Site>>,
    discover: bool,
    roots: VecDeque<PathBuf>,
    walker: Option<walkdir::IntoIter>,
    /// Sites found below a plain folder: walked once this one is done.
    nested: Vec<SiteWalk>,
}

pub struct PostWalk<'a> {
    inputs: std::slice::Iter<'a, PathBuf>,
    exclude: Option<&'a Path>,
    sites: &'a SiteRule,
    /// The INPUT folder being walked and what is left of it.
    input: PathBuf,
    queue: VecDeque<SiteWalk>,
    current: Option<RootWalk>,
    /// Which INPUT (0-based) the last post came from.
    pub input_index: usize,
    started: bool,
    /// Bumped for every folder walk started: posts of one scope and depth share a folder.
    scope: usize,
}

impl<'a> PostWalk<'a> {
    pub fn new(inputs: &'a [PathBuf], exclude: Option<&'a Path>, sites: &'a SiteRule) -> Self {
        PostWalk {
            inputs: inputs.iter(),
            exclude,
            sites,
            input: PathBuf::new(),
            queue: VecDeque::new(),
            current: None,
            input_index: 0,
            started: false,
            scope: 0,
        }
    }

    /// The next INPUT: a post of its own, a folder to walk, or one that cannot be read.
    fn next_input(&mut self) -> Option<Option<Walked>> {
        let input = self.inputs.next()?;
        if self.started {
            self.input_index += 1;
        }
        self.started = true;
        self.scope += 1;
        if input.as_os_str() == "-" {
            return Some(Some(Walked::Post(Found {
                source: Source::Stdin,
                relative: PathBuf::from("stdin"),
                site: None,
                depth: 0,
                scope: self.scope,
            })));
        }
        Some(match std::fs::metadata(input) {
            Err(e) => Some(Walked::Missing(input.clone(), format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => {
                self.input = input.clone();
                self.queue.push_back(SiteWalk {
                    start: input.clone(),
                    site: self.sites.site_for(input, true),
                    discover: self.sites.discovers(),
                });
                None
            }
            Ok(_) => Some(Walked::Post(Found {
                source: Source::File(input.clone()),
                relative: PathBuf::from(input.file_name().unwrap_or(input.as_os_str())),
                site: self.sites.site_for(input, false),
                depth: 0,
                scope: self.scope,
            })),
        })
    }

    /// Given a site's root, only its post folders are walked (all of it when it has none);
    /// inside a site, its template, theme and output folders are passed over. A folder in no
    /// site may hold sites: with `discover`, each is read as its own.
    fn open(&self, job: SiteWalk) -> RootWalk {
        let drafts = self.sites.drafts;
        let start = &job.start;
        let is_root = job.site.as_deref().is_some_and(|s| {
            s.engine != Engine::Plain && start.canonicalize().is_ok_and(|d| d == s.root)
        });
        let mut roots: VecDeque<PathBuf> = match job.site.as_deref() {
            // Spelt from `start`, so outputs mirror the paths below the INPUT as given.
            Some(s) if is_root => s
                .post_dirs(drafts)
                .iter()
                .filter_map(|d| d.strip_prefix(&s.root).ok())
                .map(|rel| start.join(rel))
                .filter(|d| d.is_dir())
                .collect(),
            _ => VecDeque::new(),
        };
        if roots.is_empty() {
            roots.push_back(start.to_path_buf());
        }
        let discover = job.discover
            && job
                .site
                .as_deref()
                .is_none_or(|s| s.engine == Engine::Plain);
        RootWalk {
            site: job.site,
            discover,
            roots,
            walker: None,
            nested: Vec::new(),
        }
    }

    /// The next post of the folder walk under way, if any is left.
    fn next_in_walk(&mut self) -> Option<Found> {
        let drafts = self.sites.drafts;
        let exclude = self.exclude;
        loop {
            let w = self.current.as_mut()?;
            if w.walker.is_none() {
                match w.roots.pop_front() {
                    Some(root) => {
                        w.walker =
                            Some(walkdir::WalkDir::new(root).sort_by_file_name().into_iter());
                        self.scope += 1;
                    }
                    None => {
                        // Done: the sites found below it are walked next, in the order found.
                        let nested = std::mem::take(&mut w.nested);
                        for (i, n) in nested.into_iter().enumerate() {
                            self.queue.insert(i, n);
                        }
                        self.current = None;
                        return None;
                    }
                }
            }
            let walker = w.walker.as_mut()?;
            let Some(entry) = walker.next() else {
                w.walker = None;
                continue;
            };
            let Some(entry) = crate::walk_report::entry(entry) else {
                continue;
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            let site = w.site.as_deref();
            if entry.depth() > 0 && entry.file_type().is_dir() {
                let skip = name.starts_with('.')
                    || exclude.is_some_and(|x| path.canonicalize().is_ok_and(|p| p == x))
                    || site.is_some_and(|s| s.skips_dir(&name, drafts));
                let inner = if skip || !w.discover {
                    None
                } else {
                    Site::at(path)
                };
                if skip || inner.is_some() {
                    walker.skip_current_dir();
                }
                if let Some(inner) = inner {
                    w.nested.push(SiteWalk {
                        start: path.to_path_buf(),
                        site: Some(Arc::new(inner)),
                        discover: false,
                    });
                }
                continue;
            }
            if entry.depth() > 0 && name.starts_with('.') {
                continue;
            }
            let is_post = entry.file_type().is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                && site.is_none_or(|s| s.is_post_file(path));
            if is_post {
                let relative = path.strip_prefix(&self.input).unwrap_or(path).to_path_buf();
                return Some(Found {
                    source: Source::File(path.to_path_buf()),
                    relative,
                    site: w.site.clone(),
                    depth: entry.depth(),
                    scope: self.scope,
                });
            }
        }
    }
}

impl Iterator for PostWalk<'_> {
    type Item = Walked;

    fn next(&mut self) -> Option<Walked> {
        loop {
            if self.current.is_some() {
                if let Some(found) = self.next_in_walk() {
                    return Some(Walked::Post(found));
                }
                continue;
            }
            if let Some(job) = self.queue.pop_front() {
                self.current = Some(self.open(job));
                continue;
            }
            match self.next_input()? {
                Some(item) => return Some(item),
                None => continue,
            }
        }
    }
}
