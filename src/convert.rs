//! `postbind convert`: plan every output first, then convert posts in parallel.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;

use postbind::pipeline::{load_bytes, load_post, LoadOptions, Post};
use postbind::{render, Format, RenderOptions};

use crate::cli::{BodyArg, CommonArgs, ConvertArgs};
use crate::report::Reporter;

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
    outputs: Vec<(Format, Target)>,
    /// Set while planning when the job must not run (it would overwrite an input, …).
    refused: Option<String>,
}

/// A post file found under an INPUT, with its path relative to that INPUT.
#[derive(Debug, Clone)]
pub struct Found {
    pub source: Source,
    pub relative: PathBuf,
}

pub fn load_options(common: &CommonArgs) -> LoadOptions {
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
    }
}

pub fn run(args: ConvertArgs) -> Result<bool> {
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
    let (found, missing) = find_posts(&args.inputs, exclude.as_deref());
    for (input, why) in &missing {
        reporter.failed(&input.display().to_string(), why);
    }
    let jobs = plan(&args, &formats, found)?;
    let opts = load_options(&args.common);
    let render_opts = RenderOptions::default();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.common.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    reporter.start(jobs.len());
    let reporter_ref = &reporter;
    pool.install(|| {
        jobs.par_iter().for_each(|job| {
            let name = job.source.display();
            let outcome = match &job.refused {
                Some(why) => Err(anyhow!("{why}")),
                None => convert_one(job, &opts, &render_opts),
            };
            match outcome {
                Ok(warnings) => reporter_ref.converted(&name, &warnings, job.outputs.len()),
                Err(e) => reporter_ref.failed(&name, &format!("{e:#}")),
            }
        })
    });
    Ok(reporter.finish(started.elapsed()))
}

fn convert_one(job: &Job, opts: &LoadOptions, render_opts: &RenderOptions) -> Result<Vec<String>> {
    let post = read_source(&job.source, opts)?;
    let mut warnings = post.warnings;
    for (format, target) in &job.outputs {
        let rendered = render(&post.doc, *format, render_opts)
            .with_context(|| format!("cannot write {format}"))?;
        warnings.extend(rendered.warnings);
        match target {
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(&rendered.bytes)
                    .and_then(|()| out.flush())
                    .context("cannot write to standard output")?;
            }
            Target::File(path) => postbind::output::write_atomic(path, &rendered.bytes)
                .with_context(|| format!("cannot write {}", path.display()))?,
        }
    }
    Ok(warnings)
}

pub fn read_source(source: &Source, opts: &LoadOptions) -> Result<Post> {
    Ok(match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(opts.max_input_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            load_bytes(&bytes, None, None, opts)?
        }
        Source::File(path) => load_post(path, opts)?,
    })
}

/// Expands INPUTs into post files; inputs that do not exist are returned with the reason.
pub fn find_posts(inputs: &[PathBuf], exclude: Option<&Path>) -> (Vec<Found>, Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.push(Found {
                source: Source::Stdin,
                relative: PathBuf::from("stdin"),
            });
            continue;
        }
        match std::fs::metadata(input) {
            Err(e) => missing.push((input.clone(), format!("cannot read: {e}"))),
            Ok(m) if m.is_dir() => walk_dir(input, exclude, &mut found),
            Ok(_) => found.push(Found {
                source: Source::File(input.clone()),
                relative: PathBuf::from(input.file_name().unwrap_or(input.as_os_str())),
            }),
        }
    }
    (found, missing)
}

fn walk_dir(dir: &Path, exclude: Option<&Path>, found: &mut Vec<Found>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let excluded = e.file_type().is_dir()
                && exclude.is_some_and(|x| e.path().canonicalize().is_ok_and(|p| p == x));
            !hidden && !excluded
        });
    for entry in walker.flatten() {
        let path = entry.path();
        let is_post = entry.file_type().is_file()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if is_post {
            let relative = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
            found.push(Found {
                source: Source::File(path.to_path_buf()),
                relative,
            });
        }
    }
}

fn plan(args: &ConvertArgs, formats: &[Format], found: Vec<Found>) -> Result<Vec<Job>> {
    let single_file = found.len() == 1
        && formats.len() == 1
        && args.inputs.len() == 1
        && !args.inputs.iter().any(|i| i.is_dir())
        && args.output.as_deref().is_some_and(|o| {
            o.as_os_str() == "-" || (!o.is_dir() && !o.to_string_lossy().ends_with('/'))
        });
    if args.output.as_deref().is_some_and(|o| o.as_os_str() == "-") && !single_file {
        bail!("-o - (standard output) takes a single input and a single format");
    }
    let inputs: HashSet<PathBuf> = found
        .iter()
        .filter_map(|f| match &f.source {
            Source::File(p) => p.canonicalize().ok(),
            Source::Stdin => None,
        })
        .collect();
    let out_dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut claimed: HashMap<PathBuf, String> = HashMap::new();
    let mut jobs = Vec::with_capacity(found.len());
    for f in found {
        let mut refused = None;
        let mut outputs = Vec::with_capacity(formats.len());
        for &format in formats {
            let target = if single_file {
                match args.output.as_deref() {
                    Some(o) if o.as_os_str() == "-" => Target::Stdout,
                    _ => Target::File(out_dir.clone()),
                }
            } else {
                Target::File(out_dir.join(f.relative.with_extension(format.extension())))
            };
            if let Target::File(path) = &target {
                let key = normalized(path);
                if inputs.contains(&key) {
                    refused = Some(format!(
                        "refusing to overwrite the input file {} (choose another -o)",
                        path.display()
                    ));
                } else if let Some(other) = claimed.get(&key) {
                    refused = Some(format!(
                        "{} is already the output of {other} (rename one of them)",
                        path.display()
                    ));
                } else {
                    claimed.insert(key, f.source.display());
                }
            }
            if matches!(target, Target::Stdout) && format != Format::Markdown && std::io::stdout().is_terminal() {
                refused = Some(format!("{format} is binary: give -o FILE or redirect standard output"));
            }
            outputs.push((format, target));
        }
        jobs.push(Job {
            source: f.source,
            outputs,
            refused,
        });
    }
    Ok(jobs)
}

/// The path a file would have once written: its folder resolved, so two spellings of one
/// target (or an input and an output) compare equal.
fn normalized(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            dir.canonicalize()
                .map(|d| d.join(name))
                .unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}
