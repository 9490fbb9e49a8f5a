//! `postbind convert`: plan every output first, then convert posts in parallel.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;

use postbind::manifest::{fingerprint, Manifest};
use postbind::pipeline::{load_bytes, load_site_file, LoadOptions};
use postbind::site::{Engine, Site};
use postbind::{render, Format, RenderOptions};

use crate::cli::{BodyArg, CommonArgs, ConvertArgs, WriterArgs};
use crate::interrupt;
use crate::report::Reporter;
use crate::walk::{PostWalk, Walked};

/// File extensions read when walking a directory.
pub const POST_EXTENSIONS: &[&str] = &["md", "markdown", "html", "htm", "txt"];

#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn display(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

#[derive(Debug)]
struct Job {
    source: Source,
    site: Option<Arc<Site>>,
    outputs: Vec<(Format, Target)>,
    /// Set while planning when the job must not run (it would overwrite an input, …).
    refused: Option<String>,
}

/// A post file found under an INPUT, with its path relative to that INPUT and the site it
/// belongs to.
#[derive(Debug, Clone)]
pub struct Found {
    pub source: Source,
    pub relative: PathBuf,
    pub site: Option<Arc<Site>>,
    /// Its depth below the folder walk it came from (0 for an INPUT file).
    pub depth: usize,
    /// Which folder walk it came from: posts of one scope and depth share a folder.
    pub scope: usize,
}

/// How inputs find the site they belong to (`--site`, `--engine`, `--drafts`).
pub struct SiteRule {
    forced: Option<Arc<Site>>,
    engine: Option<Engine>,
    pub drafts: bool,
}

impl SiteRule {
    pub fn new(common: &CommonArgs) -> Result<SiteRule> {
        let engine = common.engine.map(Engine::from);
        let forced = match &common.site {
            Some(dir) => Some(Arc::new(Site::open(dir, engine)?)),
            None => None,
        };
        Ok(SiteRule {
            forced,
            engine,
            drafts: common.drafts,
        })
    }

    /// Whether sites found below a folder in no site are read as sites (not with `--site` or
    /// `--engine`, which say what the posts are).
    pub(crate) fn discovers(&self) -> bool {
        self.forced.is_none() && self.engine.is_none()
    }

    /// The site an INPUT belongs to: `--site`, else the nearest site root from it upwards
    /// (of `--engine`'s kind when given). A folder in no site is a site of its own, so its
    /// posts may share images under it; a lone file in no site is a lone post.
    pub(crate) fn site_for(&self, input: &Path, is_dir: bool) -> Option<Arc<Site>> {
        if let Some(site) = &self.forced {
            return Some(site.clone());
        }
        let found = match self.engine {
            Some(Engine::Plain) => None,
            Some(engine) => Site::detect(input)
                .and_then(|s| Site::open(&s.root, Some(engine)).ok())
                .or_else(|| {
                    is_dir
                        .then(|| Site::open(input, Some(engine)).ok())
                        .flatten()
                }),
            None => Site::detect(input),
        };
        found
            .or_else(|| is_dir.then(|| Site::plain(input)))
            .map(Arc::new)
    }
}

pub fn load_options(common: &CommonArgs) -> LoadOptions {
    let lang = common.lang.clone().filter(|l| !l.trim().is_empty());
    LoadOptions {
        body: match common.body {
            BodyArg::Auto => postbind::read::BodyFormat::Auto,
            BodyArg::Html => postbind::read::BodyFormat::Html,
            BodyArg::Markdown => postbind::read::BodyFormat::Markdown,
        },
        parse: postbind::html::ParseOptions {
            max_depth: common.max_depth,
        },
        max_input_bytes: common.max_input_size,
        lang,
        detect_lang: true,
    }
}

/// Writer options from the command line; the user's font is read and parsed once here.
pub fn render_options(w: &WriterArgs) -> Result<RenderOptions> {
    crate::cli::check_margin(w).map_err(|e| anyhow!(e))?;
    if w.fetch_images && !postbind::assets::FETCH_AVAILABLE {
        // Refused up front: otherwise every remote image would fail one by one, as warnings.
        anyhow::bail!(
            "--fetch-images is not available: this postbind was built without the `fetch` feature \
             (rebuild with default features)"
        );
    }
    let fonts: Option<&'static postbind::fonts::FontSet> =
        if w.font.is_none() && w.fallback_font.is_empty() && !w.no_system_fonts {
            None
        } else {
            // Capped: `--font /dev/zero` must not fill memory.
            let read = |path: &PathBuf| -> anyhow::Result<Vec<u8>> {
                read_capped_as(path, MAX_FONT_BYTES, "fonts are read up to 128 MiB")
                    .with_context(|| format!("cannot read font {}", path.display()))
            };
            let primary = w.font.as_ref().map(read).transpose()?;
            let fallback = w
                .fallback_font
                .iter()
                .map(read)
                .collect::<anyhow::Result<_>>()?;
            let set =
                postbind::fonts::FontSet::with_user_fonts(primary, fallback, !w.no_system_fonts)
                    .with_context(|| {
                        let names: Vec<String> = w
                            .font
                            .iter()
                            .chain(&w.fallback_font)
                            .map(|p| p.display().to_string())
                            .collect();
                        format!("cannot use font {}", names.join(", "))
                    })?;
            // One set for the whole run; fonts live as long as the process anyway.
            Some(Box::leak(Box::new(set)))
        };
    let assets = postbind::assets::AssetOptions {
        fetch: w.fetch_images,
        max_bytes: w.max_image_bytes,
        max_fetch_bytes: w.max_fetch_bytes,
        max_pixels: w.max_image_pixels,
        allow_private: w.allow_private_fetch,
        max_total_pixels: w.max_total_pixels,
        budget: postbind::assets::FetchBudget {
            max_count: w.max_fetch_images,
            max_bytes: w.max_fetch_total,
            max_time: std::time::Duration::from_secs(w.fetch_time_budget),
        },
        ..Default::default()
    };
    Ok(RenderOptions {
        epub: postbind::epub::EpubOptions {
            vertical: w.vertical,
            assets: assets.clone(),
            fonts,
            no_cover: w.no_cover,
        },
        pdf: postbind::pdf::PdfOptions {
            page_size: w.page_size,
            font_size: w.font_size,
            margin: w.margin,
            indent: w.indent,
            assets,
            fonts,
            image_dpi: Some(w.image_dpi),
            archival: w.pdf_standard.is_some(),
        },
    })
}

/// How a run ended, for the exit status.
pub enum Outcome {
    AllConverted,
    SomeFailed,
    Interrupted,
}

pub fn run(args: ConvertArgs) -> Result<Outcome> {
    let started = Instant::now();
    let mut formats: Vec<Format> = args.to.iter().map(|&f| f.into()).collect();
    if formats.is_empty() {
        formats.push(
            args.output
                .as_deref()
                .and_then(Format::from_path)
                .unwrap_or(Format::Markdown),
        );
    }
    let mut seen = HashSet::new();
    formats.retain(|f| seen.insert(*f));

    let mut reporter = Reporter::new(args.common.quiet);
    let exclude = args
        .output
        .as_deref()
        .filter(|o| o.as_os_str() != "-")
        .and_then(|o| o.canonicalize().ok());
    let sites = SiteRule::new(&args.common)?;
    refuse_output_in_input(&args.inputs, exclude.as_deref(), &formats)?;
    let mut planner = Planner::new(&args, &formats, exclude.as_deref())?;
    let mut opts = load_options(&args.common);
    opts.detect_lang = formats.iter().any(|f| *f != Format::Markdown);
    let render_opts = render_options(&args.writer)?;
    // A folder with a manifest keeps it true even on runs without --changed-only.
    let manifest = (args.changed_only || Manifest::exists_in(&manifest_dir(&args)))
        .then(|| Manifest::open(&manifest_dir(&args)));
    // Everything that decides an output's bytes besides the post itself.
    let settings = format!(
        "{}|{opts:?}|{render_opts:?}|{formats:?}",
        env!("CARGO_PKG_VERSION")
    );

    let (threads, too_many) = crate::cli::jobs(args.common.jobs);
    if let (Some(w), false) = (too_many, args.common.quiet) {
        eprintln!("warning: {w}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    interrupt::install();
    reporter.resumable = args.changed_only;
    let ctx = Ctx {
        drafts: sites.drafts,
        opts: &opts,
        render_opts: &render_opts,
        manifest: manifest.as_ref(),
        skip_unchanged: args.changed_only,
        settings: &settings,
        reporter: &reporter,
    };
    // The walk plans each post as it finds it and hands it over through a bounded queue: the
    // workers convert while the walk goes on, and memory holds at most QUEUE planned posts.
    std::thread::scope(|scope| {
        // Jobs go in batches: one hand-over per BATCH posts, not a thread wake-up per post.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Job>>(QUEUE / BATCH);
        let reporter = &reporter;
        let sites = &sites;
        let planner = &mut planner;
        let inputs = &args.inputs;
        let shard = args.shard;
        let exclude = exclude.as_deref();
        scope.spawn(move || {
            let mut planned = 0usize;
            let mut batch = Vec::with_capacity(BATCH);
            let mut walk = PostWalk::new(inputs, exclude, sites);
            while let Some(item) = walk.next() {
                for (path, why) in crate::walk_report::take() {
                    reporter.problem(&path.display().to_string(), &why);
                }
                let f = match item {
                    Walked::Missing(input, why) => {
                        reporter.problem(&input.display().to_string(), &why);
                        continue;
                    }
                    Walked::Post(f) => f,
                };
                // By the path below its INPUT, so `dir`, `./dir` and `/abs/dir` slice alike.
                if let Some((k, n)) = shard {
                    if !in_shard(&postbind::manifest::slash_path(&f.relative), k, n) {
                        continue;
                    }
                }
                planned += 1;
                if interrupt::requested() {
                    // Counted, not planned: the summary says how many are left.
                    reporter.not_started();
                    continue;
                }
                batch.push(planner.plan(f, walk.input_index));
                reporter.found(planned);
                // The first posts go at once, so the workers start while the walk goes on.
                if (batch.len() >= BATCH || planned <= 4)
                    && tx.send(std::mem::take(&mut batch)).is_err()
                {
                    break;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            for (path, why) in crate::walk_report::take() {
                reporter.problem(&path.display().to_string(), &why);
            }
            reporter.walk_done(planned);
        });
        pool.install(|| {
            rx.into_iter()
                .flatten()
                .par_bridge()
                .for_each(|job| ctx.run(&job))
        });
    });
    if let Some(m) = &manifest {
        if let Err(e) = m.compact() {
            reporter.failed("manifest", &format!("cannot update: {e}"));
        }
    }
    let interrupted = interrupt::requested();
    let ok = reporter.finish(started.elapsed(), interrupted);
    Ok(if interrupted {
        Outcome::Interrupted
    } else if ok {
        Outcome::AllConverted
    } else {
        Outcome::SomeFailed
    })
}

struct Ctx<'a> {
    drafts: bool,
    opts: &'a LoadOptions,
    render_opts: &'a RenderOptions,
    manifest: Option<&'a Manifest>,
    /// `--changed-only`; without it a manifest is only kept up to date.
    skip_unchanged: bool,
    settings: &'a str,
    reporter: &'a Reporter,
}

impl Ctx<'_> {
    fn run(&self, job: &Job) {
        if interrupt::requested() {
            self.reporter.not_started();
            return;
        }
        let name = job.source.display();
        let outcome = match &job.refused {
            Some(why) => Err(anyhow!("{why}")),
            None => {
                postbind::isolate::run(|| self.convert(job)).unwrap_or_else(|e| Err(anyhow!(e)))
            }
        };
        match outcome {
            Ok(Done::Converted(warnings)) => {
                self.reporter.converted(&name, &warnings, job.outputs.len())
            }
            Ok(Done::Unchanged) => self.reporter.skipped(),
            Ok(Done::Draft) => self.reporter.draft(),
            Err(e) => self.reporter.failed(&name, &format!("{e:#}")),
        }
    }

    fn convert(&self, job: &Job) -> Result<Done> {
        let (bytes, path) = match &job.source {
            Source::Stdin => (read_stdin(self.opts.max_input_bytes)?, None),
            Source::File(p) => (
                read_capped(p, self.opts.max_input_bytes)?,
                Some(p.as_path()),
            ),
        };
        let files: Vec<PathBuf> = job
            .outputs
            .iter()
            .filter_map(|(_, t)| match t {
                Target::File(p) => Some(p.clone()),
                Target::Stdout => None,
            })
            .collect();
        // The site's configuration decides what a post becomes as much as its bytes do. Only a
        // manifest keeps the key: without one it is not made (a hash of every byte read).
        let key = self.manifest.map(|_| {
            let site = format!("{:?}", job.site);
            fingerprint(&[self.settings.as_bytes(), site.as_bytes(), &bytes])
        });
        if let (Some(m), Some(key), true) = (self.manifest, &key, self.skip_unchanged) {
            if !files.is_empty() && m.is_current(&files, key) {
                return Ok(Done::Unchanged);
            }
        }
        let post = match path {
            Some(p) => load_site_file(p, &bytes, job.site.as_deref(), self.opts)?,
            None => load_bytes(&bytes, None, None, self.opts)?,
        };
        if post.doc.meta.draft && !self.drafts {
            return Ok(Done::Draft);
        }
        let mut warnings = post.warnings;
        // Every format is made before any is written: a post gets all its outputs or none.
        let mut to_files: Vec<(&Path, Vec<u8>)> = Vec::new();
        let mut opts = self.render_opts.clone();
        let images = std::sync::Arc::new(postbind::assets::AssetCache::default());
        opts.epub.assets.cache = Some(images.clone());
        opts.pdf.assets.cache = Some(images);
        for (format, target) in &job.outputs {
            let rendered = render(&post.doc, *format, &opts)
                .with_context(|| format!("cannot write {format}"))?;
            warnings.extend(rendered.warnings);
            match target {
                Target::Stdout => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(&rendered.bytes)
                        .and_then(|()| out.flush())
                        .context("cannot write to standard output")?;
                }
                Target::File(path) => to_files.push((path, rendered.bytes)),
            }
        }
        let cannot_write = |(path, e): (PathBuf, std::io::Error)| {
            anyhow!(e).context(format!("cannot write {}", path.display()))
        };
        // With a manifest, the records wait until the outputs are on disk (Manifest::flush).
        let staged = postbind::output::stage_all(&to_files, false).map_err(cannot_write)?;
        match self.manifest.zip(key) {
            Some((m, key)) => m.commit(
                &files,
                &key,
                || staged.publish().map_err(cannot_write),
                |e| anyhow!(e).context("cannot update the manifest"),
            )?,
            None => staged.publish().map_err(cannot_write)?,
        }
        Ok(Done::Converted(warnings))
    }
}

enum Done {
    Converted(Vec<String>),
    Unchanged,
    Draft,
}

/// Which of N slices a post falls in depends only on its path, so every machine of an array
/// job agrees without talking to the others.
fn in_shard(path: &str, k: u64, n: u64) -> bool {
    let key = fingerprint(&[path.as_bytes()]);
    let h = u64::from_str_radix(key.get(..16).unwrap_or("0"), 16).unwrap_or(0);
    h % n == k - 1
}

fn manifest_dir(args: &ConvertArgs) -> PathBuf {
    match args.output.as_deref() {
        Some(o) if o.is_dir() || o.to_string_lossy().ends_with('/') => o.to_path_buf(),
        Some(o) if Format::from_path(o).is_some() => o
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        Some(o) => o.to_path_buf(),
        None => PathBuf::from("."),
    }
}

pub fn load_stdin(opts: &LoadOptions) -> Result<postbind::pipeline::Post> {
    let bytes = read_stdin(opts.max_input_bytes)?;
    Ok(load_bytes(&bytes, None, None, opts)?)
}

/// The largest `--font` file read (the largest CJK fonts are about 30 MB).
const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// Reads a post, never more than `limit` bytes, so a huge or endless file (a device, a FIFO)
/// cannot exhaust memory; a larger file is refused with its real size when it has one.
pub(crate) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    read_capped_as(path, limit, "raise it with --max-input-size")
}

/// [`read_capped`], with what the user can do about the limit.
fn read_capped_as(path: &Path, limit: u64, remedy: &str) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).context("cannot read")?;
    // Sized from the file's length, so a post is read in one call, not in reads doubling from
    // 32 bytes (`take` hides the length from `read_to_end`).
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0).min(limit);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    (&file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("cannot read")?;
    if bytes.len() as u64 > limit {
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit {
            bail!("{size} bytes is over the {limit}-byte limit ({remedy})");
        }
        bail!("more than {limit} bytes (an endless file?) is over the limit ({remedy})");
    }
    Ok(bytes)
}

fn read_stdin(limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() as u64 > limit {
        bail!("standard input is over the {limit}-byte limit (raise it with --max-input-size)");
    }
    Ok(bytes)
}

/// Expands INPUTs into post files; inputs that do not exist are returned with the reason.
/// (`book` holds every post anyway; `convert` walks with [`PostWalk`] as it goes.)
pub fn find_posts(
    inputs: &[PathBuf],
    exclude: Option<&Path>,
    sites: &SiteRule,
) -> (Vec<Found>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for item in PostWalk::new(inputs, exclude, sites) {
        match item {
            Walked::Post(f) => found.push(f),
            Walked::Missing(input, why) => missing.push((input, why)),
        }
    }
    missing.extend(crate::walk_report::take());
    (found, missing)
}

/// Markdown written into the folder it is read from would be read as posts by the next run,
/// each then refused as its own output: refused up front instead.
fn refuse_output_in_input(
    inputs: &[PathBuf],
    output: Option<&Path>,
    formats: &[Format],
) -> Result<()> {
    let Some(output) = output.filter(|_| formats.contains(&Format::Markdown)) else {
        return Ok(());
    };
    for input in inputs.iter().filter(|i| i.is_dir()) {
        if input.canonicalize().is_ok_and(|i| i == output) {
            bail!(
                "-o {} is the input folder: its Markdown outputs would be read as posts by the \
                 next run (choose another -o, or leave md out of -t)",
                input.display()
            );
        }
    }
    Ok(())
}

/// Planned posts waiting for a worker: enough to keep every worker busy, few enough that
/// memory does not depend on the number of posts.
const QUEUE: usize = 512;
/// Posts handed over at a time.
const BATCH: usize = 32;

/// Decides each post's outputs as the walk finds it: names, collisions between posts, outputs
/// that would overwrite an input. It holds what that needs and no more: the outputs claimed
/// in the folders the walk is inside (two posts of one INPUT can only claim one output when
/// they sit in the same folder), and with several INPUTs a 64-bit hash of every output.
struct Planner<'a> {
    formats: &'a [Format],
    single_file: bool,
    output: Option<&'a Path>,
    out_dir: PathBuf,
    /// The INPUT folders and files, resolved: an output inside one that the walk would read
    /// is an input.
    input_dirs: Vec<PathBuf>,
    input_files: HashSet<PathBuf>,
    exclude: Option<&'a Path>,
    inputs: &'a [PathBuf],
    /// Outputs claimed in the folder at each depth of the current folder walk that a later
    /// post of that folder could still claim.
    claimed: Vec<Vec<Claim>>,
    scope: usize,
    /// With several INPUTs, their trees may meet anywhere: every output's hash, with the
    /// INPUT it came from.
    everywhere: Option<HashMap<u64, usize>>,
    /// Output folders already cleared of a killed run's temporary files, each with its
    /// resolved path (`None` while it does not exist), so a folder is resolved once, not once
    /// a post.
    cleaned: HashMap<PathBuf, Option<PathBuf>>,
}

/// An output claimed by a post: only posts whose file name starts with `prefix` (the
/// claimer's name up to its extension, with the dot) can claim it too, and the walk gives a
/// folder's names sorted, so once a name without it comes, the claim is done with.
struct Claim {
    prefix: Vec<u8>,
    key: PathBuf,
    by: String,
}

impl<'a> Planner<'a> {
    fn new(
        args: &'a ConvertArgs,
        formats: &'a [Format],
        exclude: Option<&'a Path>,
    ) -> Result<Self> {
        let single_file = formats.len() == 1
            && args.inputs.len() == 1
            && !args.inputs.iter().any(|i| i.is_dir())
            && args.output.as_deref().is_some_and(|o| {
                o.as_os_str() == "-" || (!o.is_dir() && !o.to_string_lossy().ends_with('/'))
            });
        if args.output.as_deref().is_some_and(|o| o.as_os_str() == "-") && !single_file {
            bail!("-o - (standard output) takes a single input and a single format");
        }
        let mut input_dirs = Vec::new();
        let mut input_files = HashSet::new();
        for input in args.inputs.iter().filter(|i| i.as_os_str() != "-") {
            match (input.canonicalize(), input.is_dir()) {
                (Ok(p), true) => input_dirs.push(p),
                (Ok(p), false) => {
                    input_files.insert(p);
                }
                _ => {}
            }
        }
        Ok(Planner {
            formats,
            single_file,
            output: args.output.as_deref(),
            out_dir: args.output.clone().unwrap_or_else(|| PathBuf::from(".")),
            input_dirs,
            input_files,
            exclude,
            inputs: &args.inputs,
            claimed: Vec::new(),
            scope: 0,
            everywhere: (args.inputs.len() > 1).then(HashMap::new),
            cleaned: HashMap::new(),
        })
    }

    /// Whether the walk reads the file at `key` (a resolved path that exists) as a post.
    fn is_input(&self, key: &Path) -> bool {
        if self.input_files.contains(key) {
            return true;
        }
        let is_post_name = key
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if !is_post_name || self.exclude.is_some_and(|x| key.starts_with(x)) {
            return false;
        }
        self.input_dirs.iter().any(|dir| {
            key.strip_prefix(dir).is_ok_and(|rel| {
                !rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
        })
    }

    fn plan(&mut self, f: Found, input_index: usize) -> Job {
        if f.scope != self.scope {
            self.scope = f.scope;
            self.claimed.clear();
        }
        // Folders deeper than this post's are walked to the end.
        self.claimed.truncate(f.depth + 1);
        self.claimed.resize_with(f.depth + 1, Vec::new);
        let name = match &f.source {
            Source::File(p) => p
                .file_name()
                .unwrap_or_default()
                .as_encoded_bytes()
                .to_vec(),
            Source::Stdin => Vec::new(),
        };
        if let Some(here) = self.claimed.get_mut(f.depth) {
            here.retain(|c| name.starts_with(&c.prefix));
        }
        let prefix = match name.iter().rposition(|&b| b == b'.') {
            Some(dot) => name.get(..=dot).unwrap_or_default().to_vec(),
            None => name.clone(),
        };
        let mut refused = None;
        let mut outputs = Vec::with_capacity(self.formats.len());
        for &format in self.formats {
            let target = if self.single_file {
                match self.output {
                    Some(o) if o.as_os_str() == "-" => Target::Stdout,
                    _ => Target::File(self.out_dir.clone()),
                }
            } else {
                Target::File(
                    self.out_dir
                        .join(f.relative.with_extension(format.extension())),
                )
            };
            if let Target::File(path) = &target {
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let resolved = match self.cleaned.get(dir) {
                    Some(resolved) => resolved.clone(),
                    None => {
                        // A run killed with `kill -9` leaves its temporary files; the next run
                        // into the same folders clears them. Failures are left to the writes.
                        let _ = postbind::output::remove_stale_parts(dir);
                        let resolved = dir.canonicalize().ok();
                        self.cleaned.insert(dir.to_path_buf(), resolved.clone());
                        resolved
                    }
                };
                let (key, exists) = normalized(path, resolved.as_deref());
                let is_input = exists && self.is_input(&key);
                let here = self.claimed.get_mut(f.depth);
                let hash = self.everywhere.as_ref().map(|_| {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    key.hash(&mut h);
                    h.finish()
                });
                if is_input {
                    refused = Some(format!(
                        "refusing to overwrite the input file {} (choose another -o)",
                        path.display()
                    ));
                } else if let Some(other) = here
                    .as_ref()
                    .and_then(|m| m.iter().find(|c| c.key == key))
                    .map(|c| &c.by)
                {
                    refused = Some(format!(
                        "{} is already the output of {other} (rename one of them)",
                        path.display()
                    ));
                } else if let Some(i) = hash.and_then(|h| self.everywhere.as_ref()?.get(&h)) {
                    let other = self
                        .inputs
                        .get(*i)
                        .map_or_else(String::new, |p| p.display().to_string());
                    refused = Some(format!(
                        "{} is already the output of a post from {other} (rename one of them)",
                        path.display()
                    ));
                } else {
                    if let Some(m) = here {
                        m.push(Claim {
                            prefix: prefix.clone(),
                            key,
                            by: f.source.display(),
                        });
                    }
                    if let (Some(h), Some(all)) = (hash, self.everywhere.as_mut()) {
                        all.insert(h, input_index);
                    }
                }
            }
            if matches!(target, Target::Stdout)
                && format != Format::Markdown
                && std::io::stdout().is_terminal()
            {
                refused = Some(format!(
                    "{format} is binary: give -o FILE or redirect standard output"
                ));
            }
            outputs.push((format, target));
        }
        Job {
            source: f.source,
            site: f.site,
            outputs,
            refused,
        }
    }
}

/// The path a file would have once written, and whether it exists: its folder resolved (as
/// `dir`, when it exists), so two spellings of one target (or an input and an output) compare
/// equal. Only a symbolic link is resolved itself.
fn normalized(path: &Path, dir: Option<&Path>) -> (PathBuf, bool) {
    let joined = || match (dir, path.file_name()) {
        (Some(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match path.canonicalize() {
            Ok(p) => (p, true),
            Err(_) => (joined(), false),
        },
        Ok(_) => (joined(), true),
        Err(_) => (joined(), false),
    }
}
