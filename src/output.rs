//! Writing outputs so that nothing is ever half-written or lost.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Temporary outputs are `.postbind-<pid>-<random>.part`: the process id lets a later run tell
/// the leftovers of a killed run from the files of a run still going.
const PART_PREFIX: &str = ".postbind-";
const PART_SUFFIX: &str = ".part";

/// Writes `bytes` to a temporary file beside `target`, then renames it into place: readers see
/// the old file or the new one, never a part, and a failure leaves no file behind.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(target, bytes)]).map_err(|(_, e)| e)
}

/// Writes several outputs as one: all are written to temporary files first and renamed into
/// place only once every one is whole, so a post whose PDF hits a full disk does not leave
/// its Markdown behind. The error names the output that failed.
pub fn write_all_atomic<B: AsRef<[u8]>>(
    outputs: &[(&Path, B)],
) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::with_capacity(outputs.len());
    for (target, bytes) in outputs {
        let target = *target;
        let tmp = stage(target, bytes.as_ref()).map_err(|e| (target.to_path_buf(), e))?;
        staged.push((tmp, target));
    }
    for (tmp, target) in staged {
        tmp.persist(target)
            .map_err(|e| (target.to_path_buf(), e.error))?;
    }
    Ok(())
}

fn stage(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{PART_PREFIX}{}-", std::process::id()))
        .suffix(PART_SUFFIX)
        .tempfile_in(dir)
        .map_err(plain)?;
    tmp.as_file_mut().write_all(bytes)?;
    // No fsync: the rename alone means no reader, Ctrl-C or kill ever sees a partial file, and
    // syncing every one of ten thousand outputs was most of a Markdown batch's time.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(tmp)
}

/// tempfile adds `at path "<the temporary file>"` to its errors; the user knows the output,
/// not our temporary name.
fn plain(e: std::io::Error) -> std::io::Error {
    let message = e.get_ref().map(ToString::to_string);
    match message.as_deref().and_then(|m| m.split_once(" at path ")) {
        Some((head, _)) => std::io::Error::new(e.kind(), head.to_string()),
        None => e,
    }
}

/// Removes the temporary files a killed run left in `dir` (only `.postbind-*.part` files whose
/// writer is no longer running); returns how many. A folder that does not exist has none.
pub fn remove_stale_parts(dir: &Path) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(writer) = part_writer(name) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && !writer_alive(writer, &entry) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The process id in a temporary file's name (`None` when the name is not ours; `Some(None)`
/// for an unnumbered part of an older version).
fn part_writer(name: &str) -> Option<Option<u32>> {
    let middle = name.strip_prefix(PART_PREFIX)?.strip_suffix(PART_SUFFIX)?;
    Some(middle.split_once('-').and_then(|(pid, _)| pid.parse().ok()))
}

fn writer_alive(pid: Option<u32>, entry: &std::fs::DirEntry) -> bool {
    if pid == Some(std::process::id()) {
        return true;
    }
    let proc_fs = Path::new("/proc/self").exists();
    match pid {
        Some(pid) if proc_fs => Path::new(&format!("/proc/{pid}")).exists(),
        // No way to ask: only parts untouched for an hour are surely abandoned.
        _ => entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age.as_secs() < 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_parts_of_dead_writers_are_removed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let d = dir.path();
        // Far above any pid_max: no such process.
        std::fs::write(d.join(".postbind-4000000000-abc.part"), "x")?;
        let mine = format!(".postbind-{}-abc.part", std::process::id());
        std::fs::write(d.join(&mine), "x")?;
        for keep in [
            "post.part",
            ".postbind-manifest",
            "a.postbind-1-x.part",
            "x.md",
        ] {
            std::fs::write(d.join(keep), "x")?;
        }
        std::fs::create_dir(d.join(".postbind-4000000001-dir.part"))?;
        assert_eq!(remove_stale_parts(d)?, 1);
        assert!(!d.join(".postbind-4000000000-abc.part").exists());
        assert!(d.join(mine).exists());
        assert!(d.join("post.part").exists() && d.join(".postbind-manifest").exists());
        assert!(d.join(".postbind-4000000001-dir.part").is_dir());
        assert_eq!(remove_stale_parts(&d.join("missing"))?, 0);
        Ok(())
    }

    #[test]
    fn writes_leave_no_part_behind() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("sub/out.md");
        write_atomic(&target, b"hello")?;
        assert_eq!(std::fs::read(&target)?, b"hello");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["out.md"]);
        Ok(())
    }
}
