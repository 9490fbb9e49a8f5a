//! The floor under `convert -t md`: what any converter of these posts must spend.
//!
//! Each post is read, its HTML body parsed by html5ever into an rcdom, and a file of the same
//! size written through a temporary file renamed into place, on as many threads as `convert`
//! uses. Nothing is converted. `benches/gate.sh` runs it beside postbind:
//!
//! `cargo build --release --example md_floor && /usr/bin/time -f "%U %S" \
//!   target/release/examples/md_floor POSTS OUT`

use std::io::Write;
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::RcDom;
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: md_floor POSTS OUT");
        std::process::exit(2);
    };
    let posts: Vec<PathBuf> = walkdir::WalkDir::new(&input)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let failed = posts
        .par_iter()
        .filter(|p| floor(p, &input, &output).is_err())
        .count();
    if failed > 0 {
        eprintln!("{failed} posts failed");
        std::process::exit(1);
    }
}

fn floor(post: &Path, input: &Path, output: &Path) -> std::io::Result<()> {
    let bytes = std::fs::read(post)?;
    let text = String::from_utf8_lossy(&bytes);
    // The body follows the front matter's closing `---`.
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---"))
        .map_or(&*text, |(_, body)| body);
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .one(body.as_bytes());
    drop(dom);
    let target = output
        .join(post.strip_prefix(input).unwrap_or(post))
        .with_extension("md");
    let dir = target.parent().unwrap_or(output);
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().tempfile_in(dir)?;
    tmp.write_all(body.as_bytes())?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}
