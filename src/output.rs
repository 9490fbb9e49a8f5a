//! Writing outputs so that nothing is ever half-written or lost.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Temporary outputs are `.postbind-<pid>.<writer>-<random>.part`: the process id and a tag
/// for the machine boot and PID namespace it runs in let a later run tell the leftovers of a
/// killed run from the files of a run still going, even when several containers or machines
/// share the folder (a process id means nothing outside its namespace).
const PART_PREFIX: &str = ".postbind-";
const PART_SUFFIX: &str = ".part";

/// A temporary file whose writer cannot be asked (another machine or container) is removed
/// only once it is this old: a live writer renames its parts within seconds.
pub const STALE_PART_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Writes `bytes` to a temporary file beside `target`, then renames it into place: readers see
/// the old file or the new one, never a part, and a failure leaves no file behind.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(target, bytes)]).map_err(|(_, e)| e)
}

/// Writes what `write` streams to a temporary file beside `target`, then renames it into
/// place, as [`write_atomic`] does, without holding the whole file in memory.
pub fn write_atomic_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut tmp = stage(target, &[], false)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes several outputs as one: all are written to temporary files first and renamed into
/// place only once every one is whole, so a post whose PDF hits a full disk does not leave
/// its Markdown behind. The error names the output that failed.
pub fn write_all_atomic<B: AsRef<[u8]>>(
    outputs: &[(&Path, B)],
) -> Result<(), (PathBuf, std::io::Error)> {
    stage_all(outputs, false)?.publish()
}

/// Outputs written to temporary files beside their targets, not yet in place.
pub struct Staged<'a> {
    files: Vec<(tempfile::NamedTempFile, &'a Path)>,
    sync: bool,
}

/// Writes every output to a temporary file; with `sync`, each is flushed to disk before it
/// may be published (a manifest is about to say it exists).
pub fn stage_all<'a, B: AsRef<[u8]>>(
    outputs: &[(&'a Path, B)],
    sync: bool,
) -> Result<Staged<'a>, (PathBuf, std::io::Error)> {
    let mut files = Vec::with_capacity(outputs.len());
    for (target, bytes) in outputs {
        let target = *target;
        let tmp = stage(target, bytes.as_ref(), sync).map_err(|e| (target.to_path_buf(), e))?;
        files.push((tmp, target));
    }
    Ok(Staged { files, sync })
}

impl Staged<'_> {
    /// Renames every output into place. If one rename fails, those already renamed are put
    /// back as they were (the old file restored, or the new one removed), so the post keeps
    /// all its old outputs or gets all its new ones.
    pub fn publish(self) -> Result<(), (PathBuf, std::io::Error)> {
        let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(self.files.len());
        // A lone output has no others to fail after it: nothing to put back, no backup.
        let several = self.files.len() > 1;
        for (tmp, target) in self.files {
            let backup = if several { backup_of(target) } else { None };
            if let Err(e) = tmp.persist(target) {
                if let Some(b) = &backup {
                    let _ = std::fs::remove_file(b);
                }
                for (t, b) in done.into_iter().rev() {
                    let _ = match b {
                        Some(b) => std::fs::rename(b, t),
                        None => std::fs::remove_file(t),
                    };
                }
                return Err((target.to_path_buf(), e.error));
            }
            done.push((target, backup));
        }
        let mut dirs: Vec<&Path> = Vec::new();
        for (target, backup) in done {
            if let Some(b) = backup {
                let _ = std::fs::remove_file(b);
            }
            let dir = crate::realpath::folder_of(target);
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        if self.sync {
            // The renames themselves reach the disk with their folder.
            for dir in dirs {
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
            }
        }
        Ok(())
    }
}

/// A hard link to the file now at `target`, to restore it if the post's other renames fail;
/// `None` when there is no such file (or the file system has no hard links).
fn backup_of(target: &Path) -> Option<PathBuf> {
    if !target.is_file() {
        return None;
    }
    let dir = crate::realpath::folder_of(target);
    for attempt in 0..8u32 {
        let name = format!(
            "{}{:08x}-bak{attempt}{PART_SUFFIX}",
            part_prefix(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let path = dir.join(name);
        match std::fs::hard_link(target, &path) {
            Ok(()) => return Some(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

/// `.postbind-<pid>.<writer>-`: see [`PART_PREFIX`].
fn part_prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| format!("{PART_PREFIX}{}.{}-", std::process::id(), writer_tag()))
}

/// Eight hex digits naming this machine's boot and this process's PID namespace: two
/// processes with the same tag can see each other's process ids.
pub fn writer_tag() -> &'static str {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAG.get_or_init(|| {
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
        let pidns = std::fs::read_link("/proc/self/ns/pid")
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let key = crate::manifest::fingerprint(&[
            boot.trim().as_bytes(),
            pidns.as_bytes(),
            host.trim().as_bytes(),
        ]);
        key.get(..8).unwrap_or("00000000").to_string()
    })
}

fn stage(target: &Path, bytes: &[u8], sync: bool) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = crate::realpath::folder_of(target);
    let mut b = tempfile::Builder::new();
    b.prefix(part_prefix()).suffix(PART_SUFFIX);
    // Created readable by others (as any written file is, within the umask), not made private
    // and opened up after: one system call less a file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    // The folder usually exists (its other posts are there): made only when it does not.
    let mut tmp = match b.tempfile_in(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            b.tempfile_in(dir)
        }
        other => other,
    }
    .map_err(plain)?;
    tmp.as_file_mut().write_all(bytes)?;
    // No fsync unless asked: the rename alone means no reader, Ctrl-C or kill ever sees a
    // partial file, and syncing every one of ten thousand outputs was most of a Markdown
    // batch's time (the manifest syncs the file system once per group of records instead).
    if sync {
        tmp.as_file().sync_all()?;
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

/// Who wrote a temporary file, from its name.
#[derive(Debug, PartialEq, Eq)]
struct Writer<'a> {
    pid: Option<u32>,
    /// `None` for a part of an older version, named by process id only.
    tag: Option<&'a str>,
}

/// The writer in a temporary file's name (`None` when the name is not ours).
fn part_writer(name: &str) -> Option<Writer<'_>> {
    let middle = name.strip_prefix(PART_PREFIX)?.strip_suffix(PART_SUFFIX)?;
    let Some((head, _)) = middle.split_once('-') else {
        return Some(Writer {
            pid: None,
            tag: None,
        });
    };
    Some(match head.split_once('.') {
        Some((pid, tag)) => Writer {
            pid: pid.parse().ok(),
            tag: Some(tag),
        },
        None => Writer {
            pid: head.parse().ok(),
            tag: None,
        },
    })
}

fn writer_alive(writer: Writer<'_>, entry: &std::fs::DirEntry) -> bool {
    let here = writer.tag.is_none_or(|t| t == writer_tag());
    if here && writer.pid == Some(std::process::id()) {
        return true;
    }
    let proc_fs = Path::new("/proc/self").exists();
    match writer.pid {
        Some(pid) if proc_fs && here => Path::new(&format!("/proc/{pid}")).exists(),
        // Another machine or container, or no way to ask: only parts untouched for a while
        // are surely abandoned.
        _ => entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < STALE_PART_AGE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn outputs_are_readable_by_others_as_the_umask_allows() -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("post.md");
        stage_all(&[(target.as_path(), b"x".as_slice())], false)
            .and_then(Staged::publish)
            .map_err(|(_, e)| e)?;
        let mode = std::fs::metadata(&target)?.permissions().mode() & 0o777;
        let status = std::fs::read_to_string("/proc/self/status")?;
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|u| u32::from_str_radix(u.trim(), 8).ok())
            .unwrap_or(0o022);
        assert_eq!(mode, 0o644 & !umask);
        Ok(())
    }

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
    fn parts_of_other_machines_wait_for_their_age() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let d = dir.path();
        // Process 1 of another PID namespace is alive as far as anyone here can tell.
        let fresh = d.join(".postbind-1.zzzzzzzz-a.part");
        let old = d.join(".postbind-1.zzzzzzzz-b.part");
        std::fs::write(&fresh, "x")?;
        std::fs::write(&old, "x")?;
        let long_ago = std::time::SystemTime::now() - STALE_PART_AGE * 2;
        std::fs::File::options()
            .write(true)
            .open(&old)?
            .set_modified(long_ago)?;
        // A dead process of ours, with our tag, goes at once.
        let dead = d.join(format!(".postbind-4000000000.{}-c.part", writer_tag()));
        std::fs::write(&dead, "x")?;
        assert_eq!(remove_stale_parts(d)?, 2);
        assert!(fresh.exists() && !old.exists() && !dead.exists());
        Ok(())
    }

    #[test]
    fn a_failed_rename_puts_the_others_back() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let (a, b, c) = (
            dir.path().join("a.md"),
            dir.path().join("b.epub"),
            dir.path().join("c.pdf"),
        );
        std::fs::write(&a, "old a")?;
        // A non-empty folder where the last output goes: its rename fails.
        std::fs::create_dir_all(c.join("x"))?;
        let outputs: [(&Path, &[u8]); 3] = [(&a, b"new a"), (&b, b"new b"), (&c, b"new c")];
        let e = write_all_atomic(&outputs).unwrap_err();
        assert_eq!(e.0, c);
        assert_eq!(std::fs::read(&a)?, b"old a");
        assert!(!b.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
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
